"""Compiling the language catalogues, and the formats dates and numbers take in each language."""
from datetime import datetime, timezone

from babel.messages.mofile import read_mo

from app.core.i18n import _date, _datetime, _number, compile_catalogues

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Your account"
msgstr "Váš účet"

#, fuzzy
msgid "Log in"
msgstr "Přihlásit se"
'''


def test_a_catalogue_is_compiled_when_missing_or_older_without_its_fuzzy_entries(tmp_path):
    po = tmp_path / "cs" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    assert compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = read_mo(mo)
    assert catalogue["Your account"].string == "Váš účet"
    assert catalogue.get("Log in") is None  # fuzzy: a guess nobody checked is not shown
    assert compile_catalogues(tmp_path) == []  # up to date
    assert not list(po.parent.glob(".*"))  # no partial file left behind


def test_the_command_compiles(app):
    result = app.test_cli_runner().invoke(args=["translations", "compile"])
    assert result.exit_code == 0 and "catalogue" in result.output


def test_dates_and_numbers_read_as_each_language_writes_them(app):
    moment = datetime(2026, 12, 2, 13, 5, tzinfo=timezone.utc)
    app.config["PRIMER_TIME_ZONE"] = "Europe/Prague"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        app.preprocess_request()
        assert (_datetime(moment), _date(moment, "long"), _number(12345.678)) == (
            "Dec 2, 2026, 2:05\u202fPM", "December 2, 2026", "12,346")
    with app.test_request_context(headers={"Accept-Language": "cs"}):
        app.preprocess_request()  # as a request does: the locale is chosen afresh
        assert (_datetime(moment), _date(moment, "long"), _number(1234.5, 1)) == (
            "2. 12. 2026 14:05", "2. prosince 2026", "1\xa0234,5")
        assert _datetime(None) == "" and _number(None) == ""


def test_mail_is_written_in_its_readers_language_and_time_zone_not_the_requests(app):
    from app.core.i18n import speaking_to

    moment = datetime(2026, 12, 2, 13, 5, tzinfo=timezone.utc)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        app.preprocess_request()
        with speaking_to("cs", "Asia/Tokyo"):
            assert _datetime(moment) == "2. 12. 2026 22:05"
        with speaking_to(None, None):  # nothing chosen: English, the site's zone
            assert _datetime(moment) == "Dec 2, 2026, 1:05\u202fPM"
        with speaking_to("xx", "Not/AZone"):  # what the person chose no longer exists
            assert _datetime(moment) == "Dec 2, 2026, 1:05\u202fPM"
        assert _date(moment, "long") == "December 2, 2026"  # the request's own language again
    with app.app_context(), speaking_to("cs", "Europe/Prague"):  # on a worker: no request at all
        assert _date(moment, "long") == "2. prosince 2026" and _datetime(moment).endswith("14:05")


def test_apps_with_different_catalogues_in_one_process_keep_their_own_words(app, make_app, tmp_path):
    po = tmp_path / "cs" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    compile_catalogues(tmp_path)
    other = make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    from flask_babel import gettext

    for built, expected in ((other, "Váš účet"), (app, "Váš účet"), (other, "Váš účet")):
        with built.test_request_context(headers={"Accept-Language": "cs"}):
            built.preprocess_request()
            assert gettext("Your account") == expected
    with other.test_request_context(headers={"Accept-Language": "cs"}):
        other.preprocess_request()
        assert gettext("Log in") == "Log in"  # fuzzy in its catalogue: not used
    with app.test_request_context(headers={"Accept-Language": "cs"}):
        app.preprocess_request()
        assert gettext("Log in") == "Přihlásit se"  # Primer's own catalogue, not the other app's


def test_a_language_is_named_in_the_readers_language(app):
    from flask_babel import force_locale

    from app.core.i18n import language_name

    with app.test_request_context(headers={"Accept-Language": "cs"}):
        assert [language_name("en"), language_name("pt-BR"), language_name("xx-nope"), language_name("")] == [
            "angličtina", "portugalština (Brazílie)", "xx-nope", ""]
        with force_locale("en"):
            assert language_name("cs") == "Czech"
