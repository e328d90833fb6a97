"""The Stripe adapter — the only module that imports `stripe` (`billing.events` reads its webhooks).

Makes Checkout Sessions (one attempt plus the library's own network retries, with an
idempotency key per order, so a retried create never makes a second session), reads them
back, and verifies webhook signatures (billing.events reads the verified body). Stripe's
objects become Primer's (billing.payments), and its errors Primer's, with a message fit for
the buyer.
"""
from __future__ import annotations

import stripe
from flask import Flask, current_app
from flask_babel import gettext as _

from app.billing import events
from app.billing.payments import BadSignature, Checkout, PaymentGateway, PaymentUnavailable

__all__ = ["BadSignature", "PaymentUnavailable", "StripeGateway", "current", "init_app"]

TIMEOUT_SECONDS = 20
EXTENSION = "billing.gateway"


def init_app(app: Flask) -> None:
    """Bind the gateway for the app's settings (None when STRIPE_SECRET_KEY is unset: paid
    courses then say so). Called again, it binds one for the settings as they are now."""
    app.extensions[EXTENSION] = _make(app.config)


def current() -> PaymentGateway | None:
    """The app's gateway, or None when Stripe is not configured."""
    return current_app.extensions[EXTENSION]


def _checkout(obj) -> Checkout:
    get = obj.get if hasattr(obj, "get") else (lambda k, d=None: getattr(obj, k, d))
    intent = get("payment_intent")
    if intent is not None and not isinstance(intent, str):
        intent = intent.get("id") if hasattr(intent, "get") else getattr(intent, "id", None)
    return events.checkout(get("id"), get("url"), get("status"), get("payment_status"), intent,
                           get("amount_total"), get("currency"))


class StripeGateway:
    """billing.payments.PaymentGateway, on Stripe."""

    def __init__(self, secret_key: str, api_base: str, webhook_secret: str | None):
        self._client = stripe.StripeClient(
            secret_key, base_addresses={"api": api_base.rstrip("/")}, max_network_retries=2,
            http_client=stripe.new_default_http_client(timeout=TIMEOUT_SECONDS),
        )
        self._webhook_secret = webhook_secret

    def create_checkout(self, *, order_id: int, amount: int, currency: str, title: str, email: str,
                        metadata: dict[str, str], success_url: str, cancel_url: str) -> Checkout:
        params = {
            "mode": "payment",
            "line_items": [{"price_data": {"currency": currency, "unit_amount": amount,
                                           "product_data": {"name": title}}, "quantity": 1}],
            "success_url": success_url, "cancel_url": cancel_url,
            "client_reference_id": str(order_id), "customer_email": email, "metadata": metadata,
        }
        try:
            created = self._client.v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"primer-order-{order_id}"})
        except stripe.StripeError as exc:
            raise PaymentUnavailable(_buyer_message(exc)) from None
        return _checkout(created)

    def retrieve_checkout(self, checkout_id: str) -> Checkout:
        try:
            return _checkout(self._client.v1.checkout.sessions.retrieve(checkout_id))
        except stripe.StripeError as exc:
            raise PaymentUnavailable(_buyer_message(exc)) from None

    def verify(self, payload: bytes, signature: str | None) -> None:
        """Raise BadSignature unless the body's signature verifies against the webhook secret and is
        recent. What the body says is read by billing.events, not here."""
        if not self._webhook_secret:
            raise BadSignature("STRIPE_WEBHOOK_SECRET is not set")
        try:
            stripe.WebhookSignature.verify_header(payload, signature, self._webhook_secret,
                                                  tolerance=stripe.Webhook.DEFAULT_TOLERANCE)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise BadSignature(str(exc)) from None


def _buyer_message(exc: "stripe.StripeError") -> str:
    if isinstance(exc, stripe.CardError):
        return _("Your card was declined: %(reason)s.", reason=exc.user_message or _("try another card"))
    if isinstance(exc, stripe.RateLimitError):
        return _("Payments are busy right now. Please try again in a minute.")
    if isinstance(exc, stripe.APIConnectionError):
        return _("We could not reach the payment service. Please try again in a few minutes.")
    if isinstance(exc, stripe.AuthenticationError):
        return _("Payments are not set up correctly right now; we have been told. Please try again later.")
    return _("The payment service could not start your checkout. Please try again later.")


def _make(settings) -> StripeGateway | None:
    key = settings.get("STRIPE_SECRET_KEY")
    if not key:
        return None
    return StripeGateway(key, settings["STRIPE_API_BASE"], settings.get("STRIPE_WEBHOOK_SECRET"))
