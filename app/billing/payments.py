"""Payments in Primer's words: a checkout as the payment service reports it, the events it sends,
its errors, and the interface of the gateway that talks to it.

The Stripe adapter (`billing.gateway`, with `billing.events` reading its webhooks) turns Stripe's
objects and event names into these; nothing outside it knows Stripe's names.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class PaymentUnavailable(Exception):
    """The payment service could not do it now; the message is for the buyer."""


class BadSignature(Exception):
    """A webhook whose signature does not verify (forged, tampered or stale)."""


class MalformedEvent(Exception):
    """A signed event Primer cannot read; the message says which field, briefly."""


class Payment(enum.Enum):
    """Where a checkout's payment stands."""

    PAID = "paid"
    UNPAID = "unpaid"  # not yet: the checkout is open, or its payment is still settling
    UNEXPECTED = "unexpected"  # anything else (no payment needed, or not said): never right for a Primer order


@dataclass(frozen=True)
class Checkout:
    id: str
    url: str | None
    complete: bool  # the buyer finished checking out (paid, or the payment is still settling)
    payment: Payment
    payment_status: str | None  # the service's own word for `payment`, quoted in logs and outcomes
    payment_intent: str | None  # the payment's id, which a refund names
    amount_total: int | None
    currency: str | None


# --- events: what the payment service tells Primer, one class each ----------------------------------


@dataclass(frozen=True)
class PaymentEvent:
    """Base of every event: `id` de-duplicates deliveries; `type` is the service's own name for the
    event, recorded and logged as it came and never interpreted outside the adapter."""

    id: str
    type: str


@dataclass(frozen=True)
class CheckoutEvent(PaymentEvent):
    """Base of the events about one checkout: the checkout, and the order it names (if it names one;
    otherwise the order is found by the checkout's id)."""

    checkout: Checkout
    order_id: int | None


class CheckoutPaid(CheckoutEvent):
    """A checkout's payment succeeded (at once, or later for bank debits); carries the paid checkout."""


class CheckoutPending(CheckoutEvent):
    """A checkout was completed but its payment is not (yet) paid; carries the checkout and its payment intent."""


class CheckoutFailed(CheckoutEvent):
    """A completed checkout's delayed payment failed; carries the checkout."""


class CheckoutExpired(CheckoutEvent):
    """A checkout was left until it expired; carries the checkout."""


class CheckoutNoted(CheckoutEvent):
    """Any other event about a checkout: checked against its order and recorded, not acted on."""


@dataclass(frozen=True)
class ChargeRefunded(PaymentEvent):
    """A payment was refunded, fully or in part; carries its payment intent and both amounts."""

    payment_intent: str | None
    amount: int
    amount_refunded: int

    @property
    def partial(self) -> bool:
        return self.amount_refunded < self.amount


class Ignored(PaymentEvent):
    """Any other event: recorded once, not acted on."""


class PaymentGateway(Protocol):
    """What billing asks of the payment service (the Stripe adapter implements it)."""

    def create_checkout(self, *, order_id: int, amount: int, currency: str, title: str, email: str,
                        metadata: dict[str, str], success_url: str, cancel_url: str) -> Checkout:
        """A new checkout for the order (one per order, however often asked); PaymentUnavailable if not now."""

    def retrieve_checkout(self, checkout_id: str) -> Checkout:
        """The checkout as the service has it now; PaymentUnavailable if it cannot say."""

    def verify(self, payload: bytes, signature: str | None) -> None:
        """Raise BadSignature unless the webhook body is signed by the service, recently."""
