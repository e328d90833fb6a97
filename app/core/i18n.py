"""Languages and time zones (Flask-Babel): which locale and time zone a page is written for,
dates, numbers and money formatted in them, and compiling the translation catalogues.

A signed-in person's own choice wins (users.locale, users.time_zone: None = automatic); else
the browser's Accept-Language picks among LANGUAGES, and the time zone is PRIMER_TIME_ZONE.
What is written for someone else — an email — is written in its reader's (`speaking_to`).
Course content stays in the language its author wrote; only Primer's own words are translated.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import click
from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, Domain, force_locale, format_date, format_decimal, format_time, get_locale, refresh
from flask_login import current_user

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = {"en": "English", "cs": "Čeština"}  # the code, and the language's name in itself
DEFAULT_LOCALE = "en"


class _AppDomain(Domain):
    """Flask-Babel caches loaded catalogues once per process; Primer keeps them per app, so two
    apps with different catalogues in one process (a test's, a command's) never mix their words.

    A page says a few dozen translated words; Flask-Babel finds the catalogue afresh for each
    (a dozen context lookups). Primer keeps the one it found on the app context beside the
    locale it is for, and finds it again only when the locale changes (an email written for
    its reader in the middle of a request)."""

    def get_translations_cache(self, ctx):
        return current_app.extensions.setdefault("primer.translations", {})

    def get_translations(self):
        try:
            state = g._get_current_object()
        except RuntimeError:  # no app context
            return super().get_translations()
        babel_state = state.__dict__.get("_flask_babel")
        locale = getattr(babel_state, "babel_locale", None) or get_locale()
        catalogues = self.get_translations_cache(None)
        found = state.__dict__.get(_TRANSLATIONS)
        if found is not None and found[0] is locale and found[1] is catalogues:
            return found[2]
        translations = super().get_translations()
        state.__dict__[_TRANSLATIONS] = (get_locale(), catalogues, translations)
        return translations


_TRANSLATIONS = "_primer_translations"


babel = Babel()
babel.domain_instance = _AppDomain(domain="messages")


def _chosen(attribute: str) -> str | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return getattr(current_user, attribute, None)
    return None


def select_locale() -> str:
    chosen = _chosen("locale")
    if chosen in LANGUAGES:
        return chosen
    if has_request_context():
        return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LOCALE)
    return DEFAULT_LOCALE


def select_timezone() -> str:
    chosen = g.get(_READER_ZONE) or _chosen("time_zone")
    if chosen and is_time_zone(chosen):
        return chosen
    return current_app.config.get("PRIMER_TIME_ZONE") or "UTC"


_READER_ZONE = "primer_reader_time_zone"


@contextmanager
def speaking_to(locale: str | None, time_zone: str | None) -> Iterator[None]:
    """Write for one reader, not for whoever made the request: in their language (else English)
    and their time zone (else the site's) — an email, rendered in its recipient's."""
    language = locale if locale in LANGUAGES else DEFAULT_LOCALE
    before = g.get(_READER_ZONE)
    setattr(g, _READER_ZONE, time_zone if time_zone and is_time_zone(time_zone) else
            current_app.config.get("PRIMER_TIME_ZONE") or "UTC")
    try:
        with force_locale(language):
            refresh()  # Babel keeps the zone it chose: choose again, for the reader
            yield
    finally:
        setattr(g, _READER_ZONE, before)
        refresh()


def is_time_zone(name: str) -> bool:
    return name in _zones()


_ZONES: frozenset[str] = frozenset()


def _zones() -> frozenset[str]:
    global _ZONES
    if not _ZONES:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def time_zones() -> list[str]:
    """Every IANA time zone name, sorted, for a person to pick theirs."""
    return sorted(_zones())


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_domain="messages", default_translation_directories=str(TRANSLATIONS))
    # Flask-Babel keeps the locale on `g`, which outlives a request where an app context was
    # already pushed (a CLI command, a test): each request chooses afresh.
    app.before_request(refresh)
    ZoneInfo(app.config.get("PRIMER_TIME_ZONE") or "UTC")  # refuse to start with an unknown zone
    # `{% trans %}` blocks are written across lines; their msgids are the words, one space apart.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(current_locale=lambda: str(get_locale() or DEFAULT_LOCALE), languages=LANGUAGES)
    # Templates ask the one domain Primer has for its words, not Flask-Babel's lookup of the domain.
    domain = babel.domain_instance
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n))
    app.jinja_env.filters.update(date=_date, datetime=_datetime, number=_number, language_name=language_name)


def _datetime(moment: datetime | None, style: str = "medium") -> str:
    """A moment's date (in `style`) and time to the minute, in the reader's time zone and locale:
    "Dec 2, 2026, 2:05 PM" (en), "2. 12. 2026 14:05" (cs)."""
    if not moment:
        return ""
    return get_locale().datetime_formats["medium"].format(format_time(moment, "short"), format_date(moment, style))


def language_name(code: str | None) -> str:
    """A language tag as the reader's language names it: "en" → "English" (en), "angličtina" (cs);
    a tag Babel does not know stays as it is."""
    if not code:
        return ""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(get_locale() or DEFAULT_LOCALE) or code
    except (ValueError, UnknownLocaleError):
        return code


def _date(moment: datetime | None, style: str = "medium") -> str:
    return format_date(moment, style) if moment else ""


def _number(value, decimals: int = 0) -> str:
    """A number in the reader's locale: 12345.6 → "12,346" (en) / "12 346" (cs); `decimals` after the point."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""))


def compile_catalogues(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every <locale>/LC_MESSAGES/*.po under `directory` into its .mo, when the .mo is
    missing or older; fuzzy entries are left out, as gettext does. Returns the files written."""
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parts[-3])
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        with partial.open("wb") as target:
            write_mo(target, catalogue, use_fuzzy=False)
        os.replace(partial, mo)  # whole or not at all, when several processes compile at once
        written.append(mo)
    return written


@click.group("translations", help="Primer's own words in other languages.")
def translations_cli():
    pass


@translations_cli.command("compile", help="Build the catalogues (.mo) from app/translations/*/LC_MESSAGES/*.po.")
def compile_command():
    written = compile_catalogues()
    click.echo(f"Compiled {len(written)} catalogue(s); the others were up to date.")
