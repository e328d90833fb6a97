"""A person chooses the language Primer speaks to them in and the time zone it shows times in;
and what their other details may hold."""
from datetime import datetime, timezone

import pytest


def test_the_browser_language_is_used_until_the_person_chooses(client, db):
    assert '<html lang="en">' in client.get("/courses").get_data(as_text=True)
    page = client.get("/courses", headers={"Accept-Language": "cs-CZ,cs;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="cs">' in page
    page = client.get("/courses", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page  # a language Primer does not speak: English


def test_a_chosen_language_and_time_zone_apply_to_every_page(browser, login_as, db):
    person = login_as("learner", created_at=datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc))
    page = browser.get("/account").get_data(as_text=True)
    assert "member since March 1, 2026" in page  # UTC, in English, by default
    response = browser.submit("/account", {"prefs-locale": "cs", "prefs-time_zone": "Europe/Prague"},
                              action="/account/preferences")
    assert response.status_code == 302 and response.location == "/account"
    db.session.refresh(person)
    assert (person.locale, person.time_zone) == ("cs", "Europe/Prague")
    page = browser.get("/account", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="cs">' in page
    assert "členem od 2. března 2026" in page  # in Czech, and 00:30 on 2 March in Prague
    response = browser.submit("/account", {"prefs-locale": "", "prefs-time_zone": ""}, action="/account/preferences")
    db.session.refresh(person)
    assert (person.locale, person.time_zone) == (None, None)


@pytest.mark.parametrize("field, value", [("prefs-locale", "xx"), ("prefs-time_zone", "Mars/Olympus_Mons"),
                                          ("prefs-time_zone", "../../etc/passwd")])
def test_an_unknown_choice_is_refused_and_changes_nothing(browser, login_as, db, field, value):
    person = login_as("learner")
    response = browser.submit("/account", {"prefs-locale": "", "prefs-time_zone": "", field: value},
                              action="/account/preferences")
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.refresh(person)
    assert (person.locale, person.time_zone) == (None, None)


def test_choosing_needs_a_login(browser, db):
    response = browser.post("/account/preferences", {"prefs-locale": "cs"}, token_page="/login")
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("country, status, stored", [("\r", 302, ""), (" Czechia\r\n", 302, "Czechia"),
                                                      ("Cze\rchia", 422, "Example")])
def test_a_line_break_around_a_detail_is_trimmed_and_inside_one_refused(browser, login_as, db, country, status,
                                                                        stored):
    person = login_as("learner", country="Example")
    response = browser.submit("/account", {"profile-first_name": "Pat", "profile-last_name": "Tester",
                                           "profile-country": country}, action="/account")
    assert response.status_code == status
    db.session.refresh(person)
    assert person.country == stored
