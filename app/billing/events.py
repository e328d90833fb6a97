"""Stripe's webhook events as Primer reads them: their shape checked before anything is stored.

A signed body is still only JSON. An event without an id, a `data.object` that is not an
object, an amount sent as a string or an order number past a 64-bit column would otherwise
fail half-way through fulfilment as a 500, which Stripe retries for days. `parse` refuses
them (MalformedEvent: the webhook answers 400) and hands the service typed fields. Messages
name the field, never echo its value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from app.billing.gateway import Session

BIGINT_MAX = 2**63 - 1
STORED_TEXT = 255  # the longest id the stripe_events and orders columns hold


class MalformedEvent(Exception):
    """A signed event Primer cannot read; the message says which field, briefly."""


@dataclass(frozen=True)
class Refund:
    payment_intent: str | None
    amount: int
    amount_refunded: int

    @property
    def partial(self) -> bool:
        return self.amount_refunded < self.amount


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    session: Session | None = None  # checkout.session.* events
    order_id: int | None = None  # their client_reference_id, when it is an order number
    refund: Refund | None = None  # charge.refunded


def parse(payload: bytes) -> Event:
    """The event in a verified webhook body, or MalformedEvent."""
    try:
        body = json.loads(payload)
    except (ValueError, RecursionError):
        raise MalformedEvent("the body is not JSON") from None
    event = _mapping(body, "the event")
    parsed = Event(_text(event.get("id"), "id"), _text(event.get("type"), "type", limit=100))
    obj = _mapping(_mapping(event.get("data"), "data").get("object"), "data.object")
    if parsed.type.startswith("checkout.session."):
        reference = _text(obj.get("client_reference_id"), "client_reference_id", optional=True)
        session = Session(
            _text(obj.get("id"), "data.object.id"), None, _text(obj.get("status"), "status", optional=True),
            _text(obj.get("payment_status"), "payment_status", optional=True),
            _text(obj.get("payment_intent"), "payment_intent", optional=True), reference,
            _amount(obj.get("amount_total"), "amount_total", optional=True),
            _text(obj.get("currency"), "currency", optional=True))
        return replace(parsed, session=session, order_id=_order_number(reference))
    if parsed.type == "charge.refunded":
        return replace(parsed, refund=Refund(_text(obj.get("payment_intent"), "payment_intent", optional=True),
                                             _amount(obj.get("amount"), "amount"),
                                             _amount(obj.get("amount_refunded"), "amount_refunded")))
    return parsed


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
