"""Buying a course: orders, fulfilment from Stripe's word, refunds — each exactly once.

Every path that learns a payment succeeded (the webhook, the success page) goes through
`fulfil`, which locks the order row, so deliveries arriving twice, late, out of order or at
the same moment enroll the learner once. A full refund reported before its payment is kept
(PendingRefund) and applied by `fulfil`, so the buyer ends refunded in either order. Moves the
transition table forbids are logged and not applied. Functions flush; the caller commits.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.billing.payments import (
    ChargeRefunded,
    Checkout,
    CheckoutEvent,
    CheckoutExpired,
    CheckoutFailed,
    CheckoutPaid,
    CheckoutPending,
    Payment,
    PaymentEvent,
    PaymentGateway,
    PaymentUnavailable,
)
from app.billing import gateway
from app.billing.models import Order, OrderStatus, PendingRefund, StripeEvent
from app.core import signals
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.models import Course
from app.learning import queries as learning_queries
from app.learning import service as learning
from app.learning.events import Verb

log = logging.getLogger(__name__)


class CheckoutError(Exception):
    """The buyer cannot check out now; the message is for them."""


class NotAdmitted(Exception):
    """Enrolling in a course was refused; the message says why, for the learner."""


class DuplicateEvent(Exception):
    """A Stripe event already acted on (by an earlier delivery, or one that committed first just now).

    The session's transaction may be unusable after it: the caller rolls back and answers 2xx."""


def course_on_offer(slug: str) -> Course | None:
    """The published course `slug`, which anyone may enroll in (free) or buy (paid)."""
    return learning_queries.published_course(slug)


def enroll_free(user: User, course: Course) -> None:
    """Enroll `user` in the free `course` (idempotent); raises NotAdmitted."""
    try:
        learning.enroll(user, course)
    except learning.LearningError as error:
        raise NotAdmitted(str(error)) from None


def checkout_open() -> bool:
    """Whether paid courses can be bought now (Stripe is configured)."""
    return gateway.current() is not None


def start_checkout(gateway: PaymentGateway | None, user: User, course: Course, *, success_url: str,
                   cancel_url: Callable[[int], str]) -> Order:
    """Make an order at the server's price and a Checkout Session for it (flushes the order first)."""
    if gateway is None:
        raise CheckoutError(_("Paid courses cannot be bought right now. Please try again later."))
    if course.is_free or not course.is_published:
        raise CheckoutError(_("This course is not for sale."))
    enrollment = learning.enrollment_of(user.id, course.id)
    if enrollment is not None and enrollment.is_active:
        raise CheckoutError(_("You already have this course."))
    order = Order(user_id=user.id, course_id=course.id, amount=course.price_amount, currency=course.price_currency)
    db.session.add(order)
    db.session.flush()
    try:
        checkout = gateway.create_checkout(
            order_id=order.id, amount=order.amount, currency=order.currency, title=course.title, email=user.email,
            metadata={"order_id": str(order.id), "course": course.slug, "learner_id": str(user.id)},
            success_url=success_url, cancel_url=cancel_url(order.id))
    except PaymentUnavailable as exc:
        order.move_to(OrderStatus.FAILED)
        raise CheckoutError(str(exc)) from None
    order.checkout_session_id, order.checkout_url = checkout.id, checkout.url
    order.move_to(OrderStatus.OPEN)
    return order


def _locked(order_id: int | None = None, session_id: str | None = None, payment_intent: str | None = None):
    query = select(Order).with_for_update().execution_options(populate_existing=True)
    if order_id is not None:
        query = query.where(Order.id == order_id)
    elif session_id is not None:
        query = query.where(Order.checkout_session_id == session_id)
    else:
        query = query.where(Order.payment_intent == payment_intent)
    return db.session.scalar(query)


def _serialize_payment_intent(payment_intent: str) -> None:
    """Until commit, make other transactions that ask the same wait (PostgreSQL; SQLite writers
    already run one at a time): a refund looking for its order and the payment giving an order
    that intent then see each other's work, so neither misses the other."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.blake2b(payment_intent.encode(), digest_size=8).digest(), "big", signed=True)
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _move(order: Order, wanted: OrderStatus, why: str) -> bool:
    if order.status is wanted:
        return False
    if not order.can_move_to(wanted):
        log.warning("order %s: ignoring %s (%s → %s is not allowed)", order.id, why, order.status.value, wanted.value)
        return False
    order.move_to(wanted)
    return True


def fulfil(order: Order, checkout: Checkout) -> bool:
    """The checkout is paid: mark the order paid and enroll the learner (once). Returns True if new."""
    if checkout.payment_intent and not order.payment_intent:
        order.payment_intent = checkout.payment_intent
    if not _move(order, OrderStatus.PAID, "payment"):
        return False
    order.paid_at = utcnow()
    learning.enroll(order.user, order.course, source="purchase")
    learning.record_event(order.user_id, Verb.COURSE_PURCHASED, course_id=order.course_id,
                          payload={"order_id": order.id, "amount": order.amount, "currency": order.currency},
                          dedupe_key=f"purchase:{order.id}")
    signals.order_paid.send(order.user_id, order_id=order.id)
    _apply_early_refund(order)
    return True


def _apply_early_refund(order: Order) -> None:
    """A full refund of this payment came first: refund now, as if the events had come in order."""
    if not order.payment_intent:
        return
    _serialize_payment_intent(order.payment_intent)
    pending = db.session.get(PendingRefund, order.payment_intent)
    if pending is None:
        return
    refund(order)
    event = db.session.get(StripeEvent, pending.event_id)
    event.order_id, event.outcome = order.id, "refunded once its payment was known"
    db.session.delete(pending)


def refund(order: Order) -> bool:
    if not _move(order, OrderStatus.REFUNDED, "refund"):
        return False
    order.refunded_at = utcnow()
    enrollment = learning.enrollment_of(order.user_id, order.course_id)
    if enrollment is not None:
        learning.revoke(enrollment)
    learning.record_event(order.user_id, Verb.COURSE_REFUNDED, course_id=order.course_id,
                          payload={"order_id": order.id, "amount": order.amount},
                          dedupe_key=f"refund:{order.id}")
    signals.order_refunded.send(order.user_id, order_id=order.id)
    return True


def confirm_return(gateway: PaymentGateway, user: User, session_id: str) -> Order | None:
    """The buyer is back on the success page: ask Stripe, and fulfil at once if it is paid."""
    order = _locked(session_id=session_id)
    if order is None or order.user_id != user.id:
        return None
    checkout = gateway.retrieve_checkout(session_id)
    problem = _mismatch(order, checkout)
    if problem:
        log.warning("order %s: refusing the success page's session %s: %s", order.id, checkout.id, problem)
    elif checkout.payment is Payment.PAID:
        fulfil(order, checkout)
    elif checkout.complete:
        _move(order, OrderStatus.PROCESSING, "checkout complete, payment pending")
    return order


def _mismatch(order: Order, checkout: Checkout) -> str | None:
    """Why Stripe's checkout is not the one Primer made for this order, at its price (None if it is).

    Primer's orders always cost something, so a checkout is either paid or still unpaid."""
    if checkout.id != order.checkout_session_id:
        return f"session {checkout.id} does not match the order's {order.checkout_session_id}"
    if checkout.amount_total != order.amount:
        return f"amount {checkout.amount_total} does not match the order's {order.amount}"
    if (checkout.currency or "").lower() != order.currency.lower():
        return f"currency {checkout.currency} does not match the order's {order.currency}"
    if checkout.payment is Payment.UNEXPECTED:
        return f"payment status {checkout.payment_status} is not expected for an order that costs {order.amount}"
    return None


def record_event(event_id: str, event_type: str) -> StripeEvent:
    """Remember the event id in the caller's transaction, so it is kept only with the event's
    effects: a delivery that fails half-way leaves nothing, and Stripe's retry is acted on.

    Raises DuplicateEvent for a replay. The insert is this transaction's first write, so on SQLite
    it also takes the database's write lock before anything below reads the order (a savepoint
    here would be the first statement instead, and on SQLite releasing it commits at once).
    """
    if db.session.get(StripeEvent, event_id) is not None:
        raise DuplicateEvent(event_id)
    row = StripeEvent(id=event_id, type=event_type)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # the same event delivered twice at the same moment: the other one committed
        raise DuplicateEvent(event_id) from None
    return row


def handle_event(event: PaymentEvent) -> str:
    """Act on one verified Stripe event, once; returns what was done, for the log.

    Raises DuplicateEvent for an event acted on before."""
    seen = record_event(event.id, event.type)
    if isinstance(event, CheckoutEvent):
        seen.outcome = _on_checkout(seen, event)
    elif isinstance(event, ChargeRefunded):
        seen.outcome = _on_refund(seen, event)
    else:
        seen.outcome = "not handled"
    db.session.flush()
    return seen.outcome


def _on_checkout(seen: StripeEvent, event: CheckoutEvent) -> str:
    checkout, kind = event.checkout, event.type  # the event's own name, for the log only
    order = _locked(order_id=event.order_id) if event.order_id is not None else _locked(session_id=checkout.id)
    if order is None:
        return "no such order"
    seen.order_id = order.id
    problem = _mismatch(order, checkout)
    if problem:
        log.warning("order %s: refusing %s %s: %s", order.id, kind, seen.id, problem)
        return f"refused: {problem}"
    match event:
        case CheckoutPaid():
            return "fulfilled" if fulfil(order, checkout) else f"already {order.status.value}"
        case CheckoutPending():
            if checkout.payment_intent and not order.payment_intent:
                order.payment_intent = checkout.payment_intent
            return "processing" if _move(order, OrderStatus.PROCESSING, kind) else "ignored"
        case CheckoutFailed():
            return "failed" if _move(order, OrderStatus.FAILED, kind) else "ignored"
        case CheckoutExpired():
            return "expired" if _move(order, OrderStatus.EXPIRED, kind) else "ignored"
    return "not handled"


def _on_refund(seen: StripeEvent, charge: ChargeRefunded) -> str:
    """A charge was refunded: a full refund revokes the course, or waits for a payment not yet known."""
    payment_intent = charge.payment_intent
    if not payment_intent:
        return "no payment intent: ignored"
    order = _locked(payment_intent=payment_intent)
    if order is None and not charge.partial:
        _serialize_payment_intent(payment_intent)
        order = _locked(payment_intent=payment_intent)  # a payment that committed while we waited
    if order is not None:
        seen.order_id = order.id
    if charge.partial:
        return "partial refund: access kept"
    if order is None or order.status in (OrderStatus.OPEN, OrderStatus.PROCESSING):
        if db.session.get(PendingRefund, payment_intent) is None:
            db.session.add(PendingRefund(payment_intent=payment_intent, event_id=seen.id))
        return "refund kept until its payment is known"
    return "refunded" if refund(order) else f"ignored ({order.status.value})"


def orders_of(user_id: int) -> list[Order]:
    """The person's orders, newest first, with their courses (one more query, however many)."""
    return list(db.session.scalars(select(Order).where(Order.user_id == user_id, Order.status != OrderStatus.CREATED)
                                   .options(selectinload(Order.course)).order_by(Order.created_at.desc())))


def order_counts() -> dict[str, tuple[int, int]]:
    """Per status: how many orders and their total amount (minor units)."""
    from sqlalchemy import func

    rows = db.session.execute(select(Order.status, func.count(), func.coalesce(func.sum(Order.amount), 0))
                              .group_by(Order.status)).all()
    counts = {status.value: (0, 0) for status in OrderStatus}
    counts.update({status.value: (n, int(total)) for status, n, total in rows})
    return counts


def recent_orders(status: str | None = None):
    query = (select(Order).options(selectinload(Order.user), selectinload(Order.course))
             .order_by(Order.created_at.desc(), Order.id.desc()))
    if status:
        query = query.where(Order.status == OrderStatus(status))
    return query
