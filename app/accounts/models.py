"""People who use Primer, their login sessions, password-reset and invitation tokens, the log of
what admins did to accounts, and which optional emails each gets."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import enum_column
from app.core.extensions import db
from app.core.roles import Role  # noqa: F401  (users.role holds one; domain code imports it from here)
from app.core.time import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    # The person's own choices; None = automatic (the browser's language, the site's time zone).
    locale: Mapped[str | None] = mapped_column(String(10))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.LEARNER, server_default=Role.LEARNER.value)
    consent_contact: Mapped[bool] = mapped_column(default=False, server_default=false())
    consent_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_contact_wording: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the person proved they read mail at `email`; an account works only once this is set.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Made by an admin's invitation: it works once the invitee chose a password through the link.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by an admin: the person cannot log in, and their sessions ended; their data stays.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    login_sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Set by the login-session loader (not a column); Flask-Login stores it in the cookie.
    login_session_key = None

    def get_id(self) -> str | None:
        return self.login_session_key

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1]

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_active(self) -> bool:
        """Flask-Login's question: a deactivated account is not let in."""
        return self.deactivated_at is None

    @property
    def is_authenticated(self) -> bool:
        # Flask-Login's default asks is_active, which would reload an expired user after each
        # commit; a user the session loader gave back is signed in, and it refuses deactivated ones.
        return True

    @property
    def invitation_pending(self) -> bool:
        return self.invited_at is not None and not self.is_verified

    def has_role(self, *roles: Role) -> bool:
        return self.role is Role.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"


class LoginSession(db.Model):
    """One signed-in browser. The cookie holds the key; the row holds its lifetime."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    user: Mapped[User] = relationship(back_populates="login_sessions")


class TokenPurpose(str, enum.Enum):
    RESET = "reset"  # choose a new password
    INVITATION = "invitation"  # choose the first password of an account an admin made


class PasswordResetToken(db.Model):
    """A single-use, expiring token sent by email, to choose a password: a reset, or an
    invitation's first one. Only its hash is stored; setting a password uses up every one."""

    __tablename__ = "password_reset_tokens"
    __table_args__ = (Index("ix_password_reset_tokens_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose), default=TokenPurpose.RESET,
                                                  server_default=TokenPurpose.RESET.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class AccountAction(str, enum.Enum):
    INVITED = "invited"
    INVITATION_RESENT = "invitation_resent"
    INVITATION_ACCEPTED = "invitation_accepted"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    ROLE_CHANGED = "role_changed"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self.value]


_ACTION_LABELS = {"invited": _l("Invited"), "invitation_resent": _l("Invitation sent again"),
                  "invitation_accepted": _l("Accepted the invitation"), "deactivated": _l("Deactivated"),
                  "reactivated": _l("Reactivated"), "role_changed": _l("Role changed")}


class AccountLog(db.Model):
    """Who did what to an account, and when: invitations, deactivations, role changes."""

    __tablename__ = "account_log"
    __table_args__ = (Index("ix_account_log_user_id", "user_id"), Index("ix_account_log_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The admin who acted (or the person themself, accepting); kept as None if their account goes.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[AccountAction] = mapped_column(enum_column(AccountAction, length=24))
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class SalesAlerts(str, enum.Enum):
    """How a sales person hears of a new sales-qualified lead by email."""

    OFF = "off"
    IMMEDIATE = "immediate"  # a mail as soon as a lead qualifies
    DAILY = "daily"          # one digest a day, listing the day's new ones


class NotificationSettings(db.Model):
    """Which optional emails a person gets; no row means the defaults (course suggestions on, sales
    alerts off). Transactional mail (confirmations, receipts, enrollments, certificates) always goes."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    course_tips: Mapped[bool] = mapped_column(default=True, server_default=true())
    sales_alerts: Mapped[SalesAlerts] = mapped_column(enum_column(SalesAlerts), default=SalesAlerts.OFF,
                                                      server_default=SalesAlerts.OFF.value)
    # When sales_alerts last changed: a daily digest lists no lead from before it was asked for.
    sales_alerts_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
