"""The welcome a learner gets once their address is confirmed: the catalog's first featured
course with its link, the brand, a way to stop such mail; once, in the learner's language."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts import notifications, service
from app.accounts.models import Role, User
from app.core.models import OutgoingMail
from app.core.uow import unit_of_work
from tests import factories
from tests.accounts.web.test_auth import SIGNUP
from tests.mails import czech, html, link  # noqa: F401  (czech: a fixture)


@pytest.fixture
def featured(app, db):
    """Two published courses; the catalog shows the featured one first though it comes later."""
    factories.course(slug="basics", title="Basics")
    course = factories.course(slug="acme-101", title="Acme Analytics Fundamentals",
                              summary="Dashboards, alerts and sharing, in an afternoon.")
    course.featured = True
    db.session.commit()
    return course


def test_a_learner_who_confirms_is_welcomed_once_with_the_first_featured_course(browser, db, outbox, featured):
    browser.submit("/signup", SIGNUP)
    confirm, = outbox
    confirm_link = link(confirm, "/verify-email/")
    browser.submit(confirm_link, {})
    assert [m.subject for m in outbox] == ["Confirm your Primer address", "Welcome to Primer"]
    welcome = outbox[1]
    assert welcome.to == ["alex.rivera@acme.example"]
    assert "Hello Alex," in welcome.body and "welcome to Primer" in welcome.body
    assert "Acme Analytics Fundamentals" in welcome.body and "Dashboards, alerts and sharing" in welcome.body
    assert link(welcome, "/courses/") == "/courses/acme-101"
    assert '<a href="http://primer.test/courses/acme-101"' in html(welcome)
    assert "4 lessons" in welcome.body  # two modules of two
    assert browser.get("/courses/acme-101").status_code == 200  # the link works

    browser.submit(confirm_link, {})  # the link again: used up, nothing new
    assert len(outbox) == 2


def test_the_welcome_is_optional_mail_with_a_one_click_unsubscribe(browser, db, outbox, featured):
    browser.submit("/signup", SIGNUP)
    browser.submit(link(outbox[0], "/verify-email/"), {})
    welcome = outbox[1]
    unsubscribe = link(welcome, "/unsubscribe/")
    assert welcome.extra_headers == {"List-Unsubscribe": f"<http://primer.test{unsubscribe}>",
                                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    assert f'<a href="http://primer.test{unsubscribe}"' in html(welcome)
    assert "List-Unsubscribe" not in outbox[0].extra_headers  # the confirmation is not optional
    message = welcome.message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and message.is_multipart()


def test_with_nothing_published_the_welcome_points_to_the_catalog(browser, db, outbox):
    browser.submit("/signup", SIGNUP)
    browser.submit(link(outbox[0], "/verify-email/"), {})
    welcome = outbox[1]
    assert link(welcome, "/courses") == "/courses" and "/courses/" not in welcome.body


def test_staff_and_people_who_turned_course_tips_off_are_not_welcomed(app, db, outbox, featured):
    author = factories.user("author", email_verified_at=None)
    learner = factories.user(email_verified_at=None)
    with unit_of_work():
        notifications.save_settings(learner, course_tips=False)
    with unit_of_work():
        service.mark_verified(author)
        service.mark_verified(learner)
    assert outbox == []


def test_no_welcome_is_written_when_the_confirmation_rolls_back(app, db, outbox, featured):
    learner = factories.user(email_verified_at=None)
    with pytest.raises(RuntimeError), unit_of_work():
        service.mark_verified(learner)
        raise RuntimeError("the request failed after confirming")
    assert outbox == [] and db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
    db.session.expire_all()
    assert not db.session.get(User, learner.id).is_verified


def test_the_welcome_is_in_the_learners_language_whatever_the_request_speaks(app, browser, db, outbox, featured,
                                                                               czech):
    czech({"Welcome to {brand}": "{brand}: vítejte!", "Hello %(name)s,": "Dobrý den, %(name)s,",
           ("%(count)s lesson", "%(count)s lessons"): ["%(count)s lekce", "%(count)s lekce", "%(count)s lekcí"]})
    learner = factories.user(email="jana@example.cz", first_name="Jana", locale="cs", email_verified_at=None)
    assert learner.role is Role.LEARNER
    token = service.verification_token(learner)
    browser.client.get("/")  # the visitor's browser speaks English
    browser.submit(f"/verify-email/{token}", {}, headers={"Accept-Language": "en"})
    welcome, = outbox
    assert welcome.subject == "Primer: vítejte!"
    assert "Dobrý den, Jana," in welcome.body and "4 lekce" in welcome.body
    assert '<html lang="cs">' in html(welcome)
