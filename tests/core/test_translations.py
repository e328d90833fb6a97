"""Primer speaks Czech: every word of its own has a Czech translation with the same placeholders,
the catalogue matches the code, and pages read in Czech when the reader's language is Czech."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "_l": None,
            "lazy_gettext": None, "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2)}


def extracted() -> set[tuple[str | None, str]]:
    """(context, message) of every word of Primer's own, as scripts/translations.py extracts them."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _, _, message, _, context in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        key = message if isinstance(message, str) else message[0]
        if key:
            found.add((context, key))
    return found


def czech():
    with (ROOT / "app/translations/cs/LC_MESSAGES/messages.po").open("rb") as po:
        return read_po(po, locale="cs")


def test_every_word_primer_shows_has_a_czech_translation():
    catalogue = czech()
    untranslated = sorted(
        key for context, key in extracted()
        if (m := catalogue.get(key, context=context)) is None or m.fuzzy
        or not (m.string if isinstance(m.string, str) else all(m.string)))
    assert untranslated == [], f"{len(untranslated)} without Czech: run scripts/translations.py update, translate"


def test_translations_keep_their_placeholders():
    problems = [(message.id, str(error)) for message, errors in czech().check() for error in errors]
    assert problems == []


def test_the_catalogue_holds_no_word_the_code_no_longer_says():
    stale = sorted({(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in czech() if m.id} - extracted(),
                   key=str)
    assert stale == [], "run scripts/translations.py update"


def test_pages_read_in_czech_for_a_czech_reader(client, db):
    page = client.get("/login", headers={"Accept-Language": "cs"}).get_data(as_text=True)
    assert '<html lang="cs">' in page and "Přihlásit" in page
    english = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Log in" in english and "Přihlásit" not in english
