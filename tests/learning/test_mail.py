"""The learner's course mail, sent through the worker after the action commits: "you are enrolled"
with the Start link, and "you finished" with the certificate, its PDF and LinkedIn — each once,
never for a rolled-back action, in the learner's language and time zone."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from app.core.models import MailStatus, OutgoingMail
from app.core.uow import unit_of_work
from app.learning import queries, service
from app.learning.models import Certificate
from tests import factories
from tests.learning.web.test_learn import answer, complete, enroll_through_the_site
from tests.mails import czech, html, link  # noqa: F401  (czech: a fixture)


def finish(browser, course) -> None:
    """Every lesson and quiz of a 2-module course of one lesson each, through the site."""
    complete(browser, course, "lesson-1-1")
    answer(browser, f"/learn/{course.slug}/quiz/1", ["B", "X", "Z"])
    complete(browser, course, "lesson-2-1")
    answer(browser, f"/learn/{course.slug}/quiz/2", ["B", "X", "Z"])


def test_enrolling_mails_the_start_link_once(browser, login_as, db, outbox):
    course = factories.course(title="Acme Analytics Fundamentals")
    learner = login_as("learner", first_name="Ada")
    enroll_through_the_site(browser, course)
    enroll_through_the_site(browser, course)  # a second click: enrolled already
    mail, = outbox
    assert mail.to == [learner.email] and mail.subject == "You are enrolled in Acme Analytics Fundamentals"
    assert "Hello Ada," in mail.body and "4 lessons · 20 min" in mail.body
    start = link(mail, "/learn/")
    assert start == f"/learn/{course.slug}" and f'<a href="http://primer.test{start}"' in html(mail)
    assert "Start the course" in html(mail) and browser.get(start).status_code == 200
    assert mail.extra_headers == {}  # transactional: no unsubscribe
    assert "unsubscribe" not in mail.body.lower() and "unsubscribe" not in html(mail).lower()
    assert db.session.scalar(select(OutgoingMail.status)) is MailStatus.SENT  # by the worker, after the commit


def test_finishing_a_course_mails_the_certificate_once(app, browser, login_as, db, outbox):
    course = factories.course(modules=2, lessons_per_module=1, title="Acme Analytics Fundamentals")
    login_as("learner", first_name="Ada", last_name="Lovelace")  # no scoring model: nobody is scored
    enroll_through_the_site(browser, course)
    finish(browser, course)
    assert [m.subject for m in outbox] == ["You are enrolled in Acme Analytics Fundamentals",
                                           "You finished Acme Analytics Fundamentals: here is your certificate"]
    mail = outbox[1]
    certificate = db.session.scalar(select(Certificate))
    page, pdf = f"/certificates/{certificate.public_id}", f"/certificates/{certificate.public_id}.pdf"
    assert link(mail, "/certificates/") == page and f"http://primer.test{pdf}" in mail.body
    assert f'href="http://primer.test{page}"' in html(mail) and f'href="http://primer.test{pdf}"' in html(mail)
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in mail.body
    stranger = app.test_client()
    assert stranger.get(page).status_code == 200
    assert stranger.get(pdf).headers["Content-Type"] == "application/pdf"

    answer(browser, f"/learn/{course.slug}/quiz/2", ["B", "X", "Z"])  # a quiz taken again
    complete(browser, course, "lesson-1-1")  # a lesson marked again
    assert len(outbox) == 2


def test_a_rescore_sends_no_second_certificate(app, browser, login_as, db, outbox, scoring_model):
    course = factories.course(modules=2, lessons_per_module=1)
    login_as("learner")
    enroll_through_the_site(browser, course)
    finish(browser, course)
    assert len(outbox) == 2
    result = app.test_cli_runner().invoke(args=["scoring", "rescore"])
    assert result.exit_code == 0, result.output
    assert len(outbox) == 2


def test_nothing_is_mailed_for_an_enrollment_or_a_completion_that_rolls_back(app, db, outbox):
    course = factories.course(modules=1, lessons_per_module=1, quiz=False)
    learner = factories.user()
    with pytest.raises(RuntimeError), unit_of_work():
        service.enroll(learner, course)
        service.complete_lesson(learner, queries.course_lessons(course.id)[0])
        raise RuntimeError("the request failed after its work")
    assert outbox == [] and db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
    with unit_of_work():
        service.enroll(learner, course)
        service.complete_lesson(learner, queries.course_lessons(course.id)[0])
    assert len(outbox) == 2  # the same work, committed: both mails, each once


def test_course_mail_is_in_the_learners_language_and_time_zone(browser, login_as, db, outbox, czech):
    czech({"You are enrolled in %(course)s": "Jste zapsáni do kurzu %(course)s",
           "You finished %(course)s: here is your certificate": "Dokončili jste kurz %(course)s: tady je váš certifikát",
           "Start the course": "Začít kurz"})
    course = factories.course(modules=2, lessons_per_module=1, title="Základy Acme")
    login_as("learner", locale="cs", time_zone="Pacific/Kiritimati")  # UTC+14: often another day than UTC
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    enroll_through_the_site(browser, course)
    finish(browser, course)
    enrolled, finished = outbox
    assert enrolled.subject == "Jste zapsáni do kurzu Základy Acme"
    assert "Začít kurz" in enrolled.body and '<html lang="cs">' in html(enrolled)
    assert finished.subject == "Dokončili jste kurz Základy Acme: tady je váš certifikát"
    issued = db.session.scalar(select(Certificate.issued_at)).astimezone(ZoneInfo("Pacific/Kiritimati"))
    assert format_date(issued, "long", locale="cs") in finished.body  # e.g. "3. prosince 2026"


def test_course_mail_carries_the_brand(browser, login_as, db, outbox):
    from app.site import branding

    branding.save_brand(branding.BrandChanges(name="Acme Analytics Academy", color="#0f766e",
                                              contact_url="mailto:academy@acme-analytics.example"))
    db.session.commit()
    course = factories.course(modules=2, lessons_per_module=1)
    login_as("learner")
    enroll_through_the_site(browser, course)
    finish(browser, course)
    for mail in outbox:
        assert "Acme Analytics Academy" in mail.body and "Primer" not in mail.body
        assert 'color: #0f766e;">Acme Analytics Academy</p>' in html(mail)
        assert "background:#0f766e;color:#fff" in html(mail)  # the button
        assert '<a href="mailto:academy@acme-analytics.example"' in html(mail) and "Primer" not in html(mail)
    assert len(outbox) == 2
