"""Which optional emails a person gets, and stopping one from the email itself.

Transactional mail always goes, for it is about something the person did or asked for: confirming
an address, a password reset, an invitation, an enrollment, a finished course's certificate, a
receipt, a refund. Optional mail comes in two kinds (`OptionalMail`):

- course tips: the welcome that suggests a first course (and any later suggestion) — on unless
  the person turns it off;
- sales alerts: new sales-qualified leads, for sales people and admins only — off, at once, or a
  daily digest; off unless they ask.

Every optional mail carries a plain unsubscribe link, and RFC 8058's List-Unsubscribe headers so
that a mail client's own button works in one click. The link is /unsubscribe/<token>: the token
names the person and the kind of mail and is signed with SECRET_KEY (HMAC-SHA256), so it cannot
be guessed or altered, and it needs no login. Functions flush; the caller commits.
"""
from __future__ import annotations

import enum
import hashlib

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from app.accounts.models import NotificationSettings, Role, SalesAlerts, User
from app.core.extensions import db
from app.core.links import external_url
from app.core.time import utcnow


class OptionalMail(str, enum.Enum):
    COURSE_TIPS = "course_tips"
    SALES_ALERTS = "sales_alerts"

    @property
    def label(self) -> str:
        return str({"course_tips": _l("welcome and course suggestions"),
                    "sales_alerts": _l("alerts about new sales-qualified leads")}[self.value])


SALES_ALERT_LABELS = {
    SalesAlerts.OFF: _l("Off"),
    SalesAlerts.IMMEDIATE: _l("Immediately, as leads qualify"),
    SalesAlerts.DAILY: _l("A daily digest"),
}


class NotificationError(ValueError):
    """A change of settings the person may not make; the message is for them."""


def settings_of(user: User) -> NotificationSettings:
    """The person's settings: their row, or the defaults (not added to the session)."""
    found = db.session.get(NotificationSettings, user.id)
    return found or NotificationSettings(user_id=user.id, course_tips=True, sales_alerts=SalesAlerts.OFF)


def may_get_sales_alerts(user: User) -> bool:
    return user.has_role(Role.SALES)


def save_settings(user: User, *, course_tips: bool, sales_alerts: SalesAlerts | None = None) -> None:
    """Keep the person's choices; `sales_alerts` None leaves it as it is. Only sales people and
    admins may ask for sales alerts."""
    if sales_alerts not in (None, SalesAlerts.OFF) and not may_get_sales_alerts(user):
        raise NotificationError(_("Only the sales team gets alerts about leads."))
    row = _row(user.id)
    row.course_tips = course_tips
    if sales_alerts is not None:
        _set_sales_alerts(row, sales_alerts)
    db.session.flush()


def _row(user_id: int) -> NotificationSettings:
    row = db.session.get(NotificationSettings, user_id)
    if row is None:
        row = NotificationSettings(user_id=user_id, course_tips=True, sales_alerts=SalesAlerts.OFF)
        db.session.add(row)
    return row


def _set_sales_alerts(row: NotificationSettings, value: SalesAlerts) -> None:
    if row.sales_alerts is not value:
        row.sales_alerts, row.sales_alerts_since = value, utcnow()


def wants_course_tips(user: User) -> bool:
    return settings_of(user).course_tips


def sales_recipients(how: SalesAlerts) -> list[tuple[User, NotificationSettings]]:
    """The sales people and admins who asked for sales alerts `how`, and can read mail: the
    account works (address confirmed, not deactivated)."""
    return list(db.session.execute(
        select(User, NotificationSettings).join(NotificationSettings, NotificationSettings.user_id == User.id)
        .where(NotificationSettings.sales_alerts == how, User.role.in_([Role.SALES, Role.ADMIN]),
               User.deactivated_at.is_(None), User.email_verified_at.is_not(None))
        .order_by(User.id)).tuples())


# --- unsubscribing from the email itself ------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="primer-unsubscribe",
                             signer_kwargs={"digest_method": hashlib.sha256})


def unsubscribe_token(user: User, kind: OptionalMail) -> str:
    return _serializer().dumps([user.id, kind.value])


def unsubscribe_link(user: User, kind: OptionalMail) -> str:
    return external_url("accounts.unsubscribe", token=unsubscribe_token(user, kind))


def list_headers(user: User, kind: OptionalMail) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: a mail client's "unsubscribe" posts to the link, in one click."""
    return {"List-Unsubscribe": f"<{unsubscribe_link(user, kind)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def read_unsubscribe(token: str) -> tuple[User, OptionalMail] | None:
    """The person and the kind of mail a link stops; None for a forged, altered or unknown one."""
    try:
        user_id, kind = _serializer().loads(token)
        kind = OptionalMail(kind)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if type(user_id) is int else None
    return (user, kind) if user is not None else None


def unsubscribe(token: str) -> tuple[User, OptionalMail] | None:
    """Stop the kind of mail the link names (again is harmless); None, changing nothing, for a bad link."""
    found = read_unsubscribe(token)
    if found is None:
        return None
    user, kind = found
    row = _row(user.id)
    if kind is OptionalMail.COURSE_TIPS:
        row.course_tips = False
    else:
        _set_sales_alerts(row, SalesAlerts.OFF)
    db.session.flush()
    return found


def is_getting(user: User, kind: OptionalMail) -> bool:
    """Whether the person still gets this kind of mail."""
    settings = settings_of(user)
    if kind is OptionalMail.COURSE_TIPS:
        return settings.course_tips
    return settings.sales_alerts is not SalesAlerts.OFF and may_get_sales_alerts(user)
