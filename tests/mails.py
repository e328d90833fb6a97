"""Reading the mail a test sent, and a Czech catalogue for mail written in its reader's language.

The catalogue Primer ships (app/translations) is filled in at release; these tests install the
Czech of the few strings they read, as that catalogue has them, read after (and so over) the
shipped one. What they show is that a mail is rendered in its recipient's language, not the
language of the request that caused it — and that its words go through the catalogue at all.

    def test_…(czech):
        czech({"Welcome to {brand}": "Vítejte v {brand}"})
"""
from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from app.core.i18n import compile_catalogues


@pytest.fixture
def czech(app, tmp_path, monkeypatch):
    """Install Czech translations: {msgid: msgstr}, or {(singular, plural): [three forms]}."""
    settings = app.extensions["babel"]

    def install(translations: dict) -> None:
        catalog = Catalog(locale="cs")
        for msgid, msgstr in translations.items():
            catalog.add(msgid, tuple(msgstr) if isinstance(msgid, tuple) else msgstr)
        po = tmp_path / "cs" / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as target:
            write_po(target, catalog)
        compile_catalogues(tmp_path)
        monkeypatch.setattr(settings, "translation_directories", [*settings.translation_directories, str(tmp_path)])
        app.extensions.pop("primer.translations", None)  # the catalogues this app loaded

    yield install
    app.extensions.pop("primer.translations", None)


def html(mail) -> str:
    """The HTML part (every Primer mail has a text part and this one)."""
    (body, mimetype), = mail.alternatives
    assert mimetype == "text/html"
    return body


def link(mail, path: str) -> str:
    """The first link in the text part that starts with `path`, on the configured public address."""
    found = re.search(rf"http://primer\.test({re.escape(path)}\S*)", mail.body)
    assert found, f"no link to {path} in the mail"
    return found.group(1)


def sent_to(outbox, address: str) -> list:
    return [mail for mail in outbox if mail.to == [address]]
