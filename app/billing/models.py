"""Orders for paid courses and the Stripe events that move them."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.columns import enum_column
from app.core.extensions import db
from app.core.states import HasTransitions
from app.core.time import UTCDateTime, utcnow
from app.courses.models import Course


class OrderStatus(str, enum.Enum):
    CREATED = "created"        # Primer made the order; no Checkout Session yet
    OPEN = "open"              # the buyer is on Stripe's Checkout page
    PROCESSING = "processing"  # checkout done, payment still settling (bank debits and the like)
    PAID = "paid"              # fulfilled: the learner is enrolled
    FAILED = "failed"
    EXPIRED = "expired"
    REFUNDED = "refunded"      # access revoked

    @property
    def label(self) -> str:
        """The status in the reader's language."""
        return ORDER_STATUS_LABELS[self.value]


ORDER_STATUS_LABELS = {"created": _l("Created"), "open": _l("Open"), "processing": _l("Processing"),
                       "paid": _l("Paid"), "failed": _l("Failed"), "expired": _l("Expired"),
                       "refunded": _l("Refunded")}


ORDER_TRANSITIONS = {
    OrderStatus.CREATED: {OrderStatus.OPEN, OrderStatus.FAILED},
    OrderStatus.OPEN: {OrderStatus.PROCESSING, OrderStatus.PAID, OrderStatus.FAILED, OrderStatus.EXPIRED},
    OrderStatus.PROCESSING: {OrderStatus.PAID, OrderStatus.FAILED},
    OrderStatus.PAID: {OrderStatus.REFUNDED},
    OrderStatus.FAILED: set(),
    OrderStatus.EXPIRED: set(),
    OrderStatus.REFUNDED: set(),
}


class Order(HasTransitions, db.Model):
    __tablename__ = "orders"
    TRANSITIONS = ORDER_TRANSITIONS
    STATE_NAME = "order"
    __table_args__ = (Index("ix_orders_user_id", "user_id"), Index("ix_orders_payment_intent", "payment_intent"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    # The server's own price at the time of the order, in minor units; never from the browser.
    amount: Mapped[int] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus), default=OrderStatus.CREATED)
    checkout_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str | None] = mapped_column(Text)
    payment_intent: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()


class StripeEvent(db.Model):
    """Each Stripe event id once: a replayed delivery is answered 2xx and changes nothing."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(Text, default="")


class PendingRefund(db.Model):
    """A full refund Stripe reported before Primer knew the payment it refunds (Stripe keeps no
    order between events): applied as soon as an order is paid with that payment intent."""

    __tablename__ = "pending_refunds"

    payment_intent: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("stripe_events.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
