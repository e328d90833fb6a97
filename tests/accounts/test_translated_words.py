"""The accounts pages and mails speak the reader's language once a catalogue has their words;
without one they read exactly as written (English)."""
from flask import render_template
from flask_babel import force_locale

from app.core.i18n import compile_catalogues
from app.core.roles import Role

CS = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;\\n"

msgid "Log in"
msgstr "Přihlásit se"

msgid "Please log in to continue."
msgstr "Pro pokračování se prosím přihlaste."

msgid "That email and password do not match an account."
msgstr "Tento e-mail a heslo neodpovídají žádnému účtu."

msgid "L&D author"
msgstr "Autor školení"

msgid "Welcome to %(brand)s. Confirm that this is your address to start learning — the link works for %(count)s hour:"
msgid_plural "Welcome to %(brand)s. Confirm that this is your address to start learning — the link works for %(count)s hours:"
msgstr[0] "Vítejte na portálu %(brand)s. Odkaz platí %(count)s hodinu:"
msgstr[1] "Vítejte na portálu %(brand)s. Odkaz platí %(count)s hodiny:"
msgstr[2] "Vítejte na portálu %(brand)s. Odkaz platí %(count)s hodin:"
'''


def czech_app(make_app, tmp_path):
    po = tmp_path / "cs" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(CS, encoding="utf-8")
    compile_catalogues(tmp_path)
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path), WTF_CSRF_ENABLED=False)


def test_a_czech_reader_is_asked_to_log_in_and_refused_in_czech(app, make_app, tmp_path):
    czech = czech_app(make_app, tmp_path)
    browser = czech.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cs"
    page = browser.get("/account", follow_redirects=True).get_data(as_text=True)
    assert "Pro pokračování se prosím přihlaste." in page and "<h1>Přihlásit se</h1>" in page
    refused = browser.post("/login", data={"email": "nobody@example.com", "password": "not-this-one"})
    assert "Tento e-mail a heslo neodpovídají žádnému účtu." in refused.get_data(as_text=True)
    english = czech.test_client().get("/login").get_data(as_text=True)
    assert "<h1>Log in</h1>" in english and "Přihlásit" not in english


def test_a_role_is_named_in_the_readers_language_and_the_audit_trail_stays_english(app, make_app, tmp_path):
    czech = czech_app(make_app, tmp_path)
    with czech.test_request_context("/", headers={"Accept-Language": "cs"}):
        assert Role.AUTHOR.label == "Autor školení"
        with force_locale("en"):
            assert Role.AUTHOR.label == "L&D author"


def test_a_mail_counts_its_hours_in_the_readers_plural(app, make_app, tmp_path):
    czech = czech_app(make_app, tmp_path)
    user = {"first_name": "Jana", "email": "jana@example.com"}
    with czech.test_request_context("/"):
        for hours, english, czech_words in [(1, "for 1 hour:", "platí 1 hodinu:"), (3, "for 3 hours:", "platí 3 hodiny:"),
                                            (24, "for 24 hours:", "platí 24 hodin:")]:
            text = render_template("email/verify_email.txt", user=user, link="https://x.example/v", hours=hours)
            assert english in text
            with force_locale("cs"):
                text = render_template("email/verify_email.txt", user=user, link="https://x.example/v", hours=hours)
            assert czech_words in text and "Vítejte na portálu" in text
