"""The learner's mail about their courses: "you are enrolled" (with the Start link) and "you
finished" (with the certificate, its PDF and LinkedIn's add-to-profile link).

Both are transactional — the person did it — so they always go, with no unsubscribe link. They
listen to core.signals.event_recorded, in the transaction of the action recorded, and look only
at two verbs (a constant cost for every other event): `enrolled` and `certificate_earned`. Each
is sent once: those events carry a dedupe key (a learner and a course), so a double click, a
second purchase of a refunded course or a quiz passed again records nothing and sends nothing,
and `scoring rescore` records no event at all. The mailer hands the mail to a worker once the
transaction commits; a rollback takes it away with the enrollment or the certificate.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.accounts.models import User
from app.core import signals
from app.core.extensions import db
from app.core.i18n import speaking_to
from app.core.links import external_url
from app.core.mailer import send_email
from app.courses.models import Course
from app.learning import certificates, queries
from app.learning.events import Verb
from app.learning.models import LearningEvent


def connect() -> None:
    """Subscribe the learner's course mail to the event log (strongly held: for the process's life)."""
    signals.event_recorded.connect(on_event, weak=False)


def on_event(user_id: int, *, event: LearningEvent) -> None:
    if event.course_id is None:
        return
    if event.verb == Verb.ENROLLED.value:
        send_enrolled(user_id, event.course_id)
    elif event.verb == Verb.CERTIFICATE_EARNED.value:
        send_completed(user_id, event.course_id)


def send_enrolled(user_id: int, course_id: int) -> None:
    user, course = db.session.get(User, user_id), db.session.get(Course, course_id)
    if user is None or course is None:
        return
    lessons = queries.outline_lessons(course.id)
    with speaking_to(user.locale, user.time_zone):
        send_email(user.email, _("You are enrolled in %(course)s", course=course.title), "enrolled",
                   user=user, course=course, lessons=len(lessons), minutes=sum(lesson.minutes or 0 for lesson in lessons),
                   start_link=external_url("learning.course", slug=course.slug),
                   my_link=external_url("learning.my_learning"))


def send_completed(user_id: int, course_id: int) -> None:
    user = db.session.get(User, user_id)
    certificate = queries.certificate_of(user_id, course_id)
    if user is None or certificate is None:
        return
    verify_link = external_url("learning.certificate", public_id=certificate.public_id)
    with speaking_to(user.locale, user.time_zone):
        send_email(user.email, _("You finished %(course)s: here is your certificate", course=certificate.course_title),
                   "course_completed", user=user, certificate=certificate, certificate_link=verify_link,
                   pdf_link=external_url("learning.certificate_pdf", public_id=certificate.public_id),
                   linkedin_link=certificates.linkedin_url(certificate, verify_link),
                   catalog_link=external_url("courses.courses"))
