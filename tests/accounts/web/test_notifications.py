"""Which emails a person gets: the settings page (sales alerts for sales people and admins only),
and the unsubscribe link in optional mail, which works without logging in and only as signed."""
from __future__ import annotations

import re

import pytest

from app.accounts import notifications
from app.accounts.models import NotificationSettings, SalesAlerts
from app.accounts.notifications import OptionalMail
from tests import factories


def saved(db, user) -> NotificationSettings | None:
    db.session.expire_all()
    return db.session.get(NotificationSettings, user.id)


def radios(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="sales_alerts"[^>]*value="(\w+)"', page)


def test_the_account_page_links_to_the_email_settings(browser, login_as):
    login_as("learner")
    page = browser.get("/account").get_data(as_text=True)
    assert 'href="/account/notifications"' in page


def test_the_settings_need_a_login(client, db):
    response = client.get("/account/notifications")
    assert response.status_code == 302 and response.location.startswith("/login?next=")


@pytest.mark.parametrize("role, sees_sales_alerts", [("learner", False), ("author", False), ("sales", True),
                                                     ("admin", True)])
def test_sales_alerts_are_offered_to_sales_people_and_admins_only(browser, login_as, role, sees_sales_alerts):
    login_as(role)
    page = browser.get("/account/notifications").get_data(as_text=True)
    assert 'name="course_tips"' in page and "checked" in re.search(r'<input[^>]*name="course_tips"[^>]*>', page).group(0)
    assert radios(page) == (["off", "immediate", "daily"] if sees_sales_alerts else [])
    assert ("A daily digest" in page) is sees_sales_alerts


def test_a_learner_turns_course_suggestions_off_and_on(browser, db, login_as):
    learner = login_as("learner")
    response = browser.submit("/account/notifications", {})  # the box unticked
    assert response.status_code == 302 and response.location == "/account/notifications"
    assert saved(db, learner).course_tips is False
    page = browser.get("/account/notifications").get_data(as_text=True)
    assert "Your email choices are saved." in page
    assert "checked" not in re.search(r'<input[^>]*name="course_tips"[^>]*>', page).group(0)
    browser.submit("/account/notifications", {"course_tips": "y"})
    assert saved(db, learner).course_tips is True


def test_a_learner_cannot_ask_for_sales_alerts(browser, db, login_as):
    learner = login_as("learner")
    browser.submit("/account/notifications", {"course_tips": "y", "sales_alerts": "immediate"})
    assert saved(db, learner).sales_alerts is SalesAlerts.OFF


def test_a_sales_person_chooses_a_daily_digest(browser, db, login_as):
    seller = login_as("sales")
    browser.submit("/account/notifications", {"course_tips": "y", "sales_alerts": "daily"})
    settings = saved(db, seller)
    assert settings.sales_alerts is SalesAlerts.DAILY and settings.sales_alerts_since is not None
    page = browser.get("/account/notifications").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="daily"|<input[^>]*value="daily"[^>]*checked', page)


def test_an_unknown_choice_is_refused_and_changes_nothing(browser, db, login_as):
    seller = login_as("sales")
    response = browser.submit("/account/notifications", {"course_tips": "y", "sales_alerts": "hourly"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    assert saved(db, seller) is None


# --- the unsubscribe link ---------------------------------------------------------------------

def _path(user, kind: OptionalMail) -> str:
    return notifications.unsubscribe_link(user, kind).removeprefix("http://primer.test")


def test_the_unsubscribe_link_asks_then_stops_the_mail_without_a_login(app, client, db):
    learner = factories.user(email="kim@example.com")
    path = _path(learner, OptionalMail.COURSE_TIPS)
    asked = client.get(path)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "kim@example.com" in page and "welcome and course suggestions" in page
    assert saved(db, learner) is None  # a GET (a mail scanner following the link) changes nothing
    done = client.post(path)  # the page's button: no login, no CSRF token (the signed link is the proof)
    assert done.status_code == 200 and "You are unsubscribed" in done.get_data(as_text=True)
    assert saved(db, learner).course_tips is False
    assert client.post(path).status_code == 200 and saved(db, learner).course_tips is False  # again: harmless


def test_a_mail_clients_one_click_unsubscribe_stops_sales_alerts(app, client, db):
    seller = factories.user("sales")
    with app.test_request_context():
        notifications.save_settings(seller, course_tips=True, sales_alerts=SalesAlerts.IMMEDIATE)
    db.session.commit()
    response = client.post(_path(seller, OptionalMail.SALES_ALERTS), data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    settings = saved(db, seller)
    assert settings.sales_alerts is SalesAlerts.OFF and settings.course_tips is True


@pytest.mark.parametrize("spoil", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature altered
    lambda token: "WzIsImNvdXJzZV90aXBzIl0" + token[token.index("."):],      # another person's id, same signature
    lambda token: token.split(".")[0],                                       # no signature
    lambda token: "not-a-token",
])
def test_a_bad_unsubscribe_link_is_refused_and_changes_nothing(app, client, db, spoil):
    learner = factories.user()
    factories.user()  # the person a forged id would name
    token = notifications.unsubscribe_token(learner, OptionalMail.COURSE_TIPS)
    bad = f"/unsubscribe/{spoil(token)}"
    for response in (client.get(bad), client.post(bad)):
        assert response.status_code == 404 and "This link does not work" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(NotificationSettings).count() == 0


def test_a_link_signed_with_another_key_is_refused(app, client, db, monkeypatch):
    learner = factories.user()
    with monkeypatch.context() as another_install:
        another_install.setitem(app.config, "SECRET_KEY", "another-secret-key-of-some-other-install")
        token = notifications.unsubscribe_token(learner, OptionalMail.COURSE_TIPS)
    assert client.post(f"/unsubscribe/{token}").status_code == 404
    assert saved(db, learner) is None
