"""Part of the Stripe adapter: Stripe's webhook bodies read into Primer's payment events.

Only this module and `billing.gateway` know Stripe's event names and object fields. A signed body
is still only JSON. An event without an id, a `data.object` that is not an object, an amount sent
as a string or an order number past a 64-bit column would otherwise fail half-way through
fulfilment as a 500, which Stripe retries for days. `parse` refuses them (MalformedEvent: the
webhook answers 400) and hands the service typed events (billing.payments). Messages name the
field, never echo its value.
"""
from __future__ import annotations

import json
import re

from app.billing.payments import (
    ChargeRefunded,
    Checkout,
    CheckoutExpired,
    CheckoutFailed,
    CheckoutNoted,
    CheckoutPaid,
    CheckoutPending,
    Ignored,
    MalformedEvent,
    Payment,
    PaymentEvent,
)

__all__ = ["MalformedEvent", "checkout", "parse"]

BIGINT_MAX = 2**63 - 1
STORED_TEXT = 255  # the longest id the stripe_events and orders columns hold
CHECKOUT_EVENTS = {
    "checkout.session.completed": None,  # paid, or pending: the session's payment_status says which
    "checkout.session.async_payment_succeeded": None,
    "checkout.session.async_payment_failed": CheckoutFailed,
    "checkout.session.expired": CheckoutExpired,
}
PAYMENTS = {"paid": Payment.PAID, "unpaid": Payment.UNPAID}


def checkout(session_id: str, url: str | None, status: str | None, payment_status: str | None,
             payment_intent: str | None, amount_total: int | None, currency: str | None) -> Checkout:
    """A Checkout Session's fields, in Primer's words."""
    return Checkout(session_id, url, status == "complete", PAYMENTS.get(payment_status, Payment.UNEXPECTED), payment_status,
                    payment_intent, amount_total, currency)


def parse(payload: bytes) -> PaymentEvent:
    """The event in a verified webhook body, or MalformedEvent."""
    try:
        body = json.loads(payload)
    except (ValueError, RecursionError):
        raise MalformedEvent("the body is not JSON") from None
    event = _mapping(body, "the event")
    event_id, event_type = _text(event.get("id"), "id"), _text(event.get("type"), "type", limit=100)
    obj = _mapping(_mapping(event.get("data"), "data").get("object"), "data.object")
    if event_type.startswith("checkout.session."):
        reference = _text(obj.get("client_reference_id"), "client_reference_id", optional=True)
        session = checkout(
            _text(obj.get("id"), "data.object.id"), None, _text(obj.get("status"), "status", optional=True),
            _text(obj.get("payment_status"), "payment_status", optional=True),
            _text(obj.get("payment_intent"), "payment_intent", optional=True),
            _amount(obj.get("amount_total"), "amount_total", optional=True),
            _text(obj.get("currency"), "currency", optional=True))
        kind = CHECKOUT_EVENTS.get(event_type, CheckoutNoted)
        if kind is None:
            kind = CheckoutPaid if session.payment is Payment.PAID else CheckoutPending
        return kind(event_id, event_type, session, _order_number(reference))
    if event_type == "charge.refunded":
        return ChargeRefunded(event_id, event_type, _text(obj.get("payment_intent"), "payment_intent", optional=True),
                              _amount(obj.get("amount"), "amount"),
                              _amount(obj.get("amount_refunded"), "amount_refunded"))
    return Ignored(event_id, event_type)


def _mapping(value, name: str) -> dict:
    if not isinstance(value, dict):
        raise MalformedEvent(f"{name} is not an object")
    return value


def _text(value, name: str, *, limit: int = STORED_TEXT, optional: bool = False) -> str | None:
    """A string the database can store: not empty unless optional, no NUL, valid UTF-8, short enough."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not (value or optional) or len(value) > limit or "\x00" in value:
        raise MalformedEvent(f"{name} is not a string of at most {limit} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedEvent(f"{name} is not valid text") from None
    return value


def _amount(value, name: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > BIGINT_MAX:
        raise MalformedEvent(f"{name} is not an amount")
    return value


def _order_number(reference: str | None) -> int | None:
    """Primer sets client_reference_id to the order's id; any other text is someone else's
    reference (the order is then found by its session id)."""
    if reference is None or not re.fullmatch(r"[0-9]+", reference):
        return None
    number = int(reference)
    if number > BIGINT_MAX:
        raise MalformedEvent("client_reference_id is not an order number")
    return number
