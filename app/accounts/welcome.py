"""The welcome a learner gets once their address is confirmed: a short hello that suggests the
catalog's first course (courses.catalog.first_course), with its link.

Optional mail (course tips: accounts.notifications), so it carries an unsubscribe link and the
List-Unsubscribe headers. Sent on core.signals.address_confirmed, in the confirmation's
transaction; the mailer hands it to a worker once that commits. Once per person: an address is
confirmed once (accounts.service.mark_verified sends nothing for a confirmed one).
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.accounts import notifications
from app.accounts.models import Role, User
from app.accounts.notifications import OptionalMail
from app.core import signals
from app.core.extensions import db
from app.core.i18n import speaking_to
from app.core.links import external_url
from app.core.mailer import send_email
from app.courses import catalog


def connect() -> None:
    """Subscribe the welcome to address confirmations (strongly held: for the process's life)."""
    signals.address_confirmed.connect(send_welcome, weak=False)


def send_welcome(user_id: int) -> None:
    """Welcome a learner whose address was just confirmed, unless they turned course tips off."""
    user = db.session.get(User, user_id)
    if user is None or user.role is not Role.LEARNER or not notifications.wants_course_tips(user):
        return
    entry = catalog.first_course()
    course_link = external_url("learning.course_page", slug=entry.course.slug) if entry else None
    with speaking_to(user.locale, user.time_zone):
        send_email(user.email, _("Welcome to {brand}"), "welcome",
                   headers=notifications.list_headers(user, OptionalMail.COURSE_TIPS),
                   user=user, entry=entry, course_link=course_link,
                   catalog_link=external_url("courses.courses"),
                   settings_link=external_url("accounts.notifications"),
                   unsubscribe_link=notifications.unsubscribe_link(user, OptionalMail.COURSE_TIPS))
