"""A small Stripe on loopback: Checkout Sessions as the stripe library sends and reads them.

Form-encoded bodies with bracket keys, `Authorization: Bearer sk_…`, idempotency keys (the same
key gives back the same session), Stripe's error bodies and status codes (402 card errors,
429 rate limits, 500 API errors, 401 bad keys, 404 missing), and helpers to pay a session and
to build signed webhook events the way Stripe does.

Its hosted Checkout page is a small one too: `GET /pay/<id>` shows the amount and a Pay button;
pressing it marks the session paid, delivers a signed `checkout.session.completed` event to
`webhook_url` (when set) and sends the browser to the session's success_url, as Stripe does.
"""
from __future__ import annotations

import itertools
import json
import time
import urllib.request
from html import escape
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

import stripe

from tests.fakes.loopback import LoopbackServer

WEBHOOK_SECRET = "whsec_test_primer_secret"
API_KEY = "sk_test_primer"


def _nest(pairs):
    """line_items[0][price_data][currency]=usd → {"line_items": [{"price_data": {"currency": "usd"}}]}."""
    root: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part, following in zip(parts, parts[1:] + [None]):
            if following is None:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    def listify(node):
        if isinstance(node, dict):
            if node and all(k.isdigit() for k in node):
                return [listify(node[k]) for k in sorted(node, key=int)]
            return {k: listify(v) for k, v in node.items()}
        return node
    return listify(root)


class FakeStripe(LoopbackServer):
    def __init__(self):
        self.sessions: dict[str, dict] = {}
        self.by_idempotency: dict[str, str] = {}
        self.requests: list[tuple[str, str, int]] = []
        self.next_errors: list[str] = []  # "card_declined" | "rate_limit" | "api_down" | "bad_key"
        self.webhook_url: str | None = None  # where the Checkout page delivers its events
        self.deliveries: list[tuple[str, int]] = []  # (event type, status Primer answered)
        self._ids = itertools.count(1)
        self._serve(self._handler())

    # --- helpers for tests -------------------------------------------------------------------

    def pay(self, session_id: str, *, payment_status: str = "paid") -> dict:
        session = self.sessions[session_id]
        session.update(status="complete", payment_status=payment_status,
                       payment_intent=session["payment_intent"] or f"pi_test_{next(self._ids)}")
        return dict(session)

    def expire(self, session_id: str) -> dict:
        self.sessions[session_id].update(status="expired")
        return dict(self.sessions[session_id])

    def event(self, event_type: str, obj: dict, event_id: str | None = None) -> dict:
        return {"id": event_id or f"evt_test_{next(self._ids)}", "object": "event", "type": event_type,
                "api_version": "2025-01-27.acacia", "created": int(time.time()), "livemode": False,
                "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None}, "data": {"object": obj}}

    def charge_refunded(self, session_id: str, *, amount_refunded: int | None = None) -> dict:
        session = self.sessions[session_id]
        amount = session["amount_total"]
        return {"id": f"ch_test_{next(self._ids)}", "object": "charge", "amount": amount,
                "amount_refunded": amount if amount_refunded is None else amount_refunded,
                "refunded": amount_refunded in (None, amount), "payment_intent": session["payment_intent"],
                "currency": session["currency"]}

    def deliver(self, event: dict) -> int:
        """POST a signed event to `webhook_url`, as Stripe would; returns the status Primer answered."""
        payload, header = self.signed(event)
        request = urllib.request.Request(self.webhook_url, data=payload, method="POST", headers={
            "Content-Type": "application/json", "Stripe-Signature": header})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        self.deliveries.append((event["type"], status))
        return status

    @staticmethod
    def signed(event, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
        """The body and its Stripe-Signature header; `event` is any JSON value, or raw bytes to sign as they are."""
        payload = event if isinstance(event, bytes) else json.dumps(event).encode()
        header = stripe.WebhookSignature.generate_signature_header(
            payload.decode(), secret, timestamp=timestamp or int(time.time()))
        return payload, header

    # --- the server --------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, status, payload):
                body = json.dumps(payload).encode()
                fake.requests.append((self.command, self.path, status))  # before answering: no race with the test
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Request-Id", f"req_{next(fake._ids)}")
                self.end_headers()
                self.wfile.write(body)

            def _error(self, status, kind, message, code=None, param=None):
                return self._send(status, {"error": {"type": kind, "message": message, "code": code, "param": param}})

            def _page(self, status, html, location=None):
                body = html.encode()
                fake.requests.append((self.command, self.path, status))
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(body)

            def _checkout_page(self, session_id):
                """The hosted Checkout page: the amount and a Pay button (a form that posts back)."""
                session = fake.sessions.get(session_id)
                if session is None or session["status"] != "open":
                    return self._page(404, "<!doctype html><title>Not found</title><p>No such checkout.</p>")
                if self.command == "POST":
                    paid = fake.pay(session_id)
                    if fake.webhook_url:
                        fake.deliver(fake.event("checkout.session.completed", paid))
                    return self._page(303, "", location=paid["success_url"])
                amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
                return self._page(200, f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Pay {escape(session['line_item_name'])}</title></head><body><main>
<h1>Fake Stripe Checkout</h1><p>{escape(session['line_item_name'])}</p>
<p>Amount: <strong id="amount">{escape(amount)}</strong></p>
<form method="post"><button type="submit">Pay {escape(amount)}</button></form>
<p><a href="{escape(session['cancel_url'])}">Cancel</a></p></main></body></html>""")

            def _route(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if urlsplit(self.path).path.startswith("/pay/"):
                    return self._checkout_page(urlsplit(self.path).path.rsplit("/", 1)[-1])
                form = _nest(parse_qsl(raw.decode())) if raw else {}
                if not (self.headers.get("Authorization") or "").startswith(f"Bearer {API_KEY}"):
                    return self._error(401, "invalid_request_error", "Invalid API Key provided.")
                if fake.next_errors:
                    kind = fake.next_errors.pop(0)
                    if kind == "card_declined":
                        return self._error(402, "card_error", "Your card was declined.", "card_declined")
                    if kind == "rate_limit":
                        return self._error(429, "invalid_request_error", "Too many requests.", "rate_limit")
                    if kind == "api_down":
                        return self._error(500, "api_error", "Something went wrong on Stripe's end.")
                path = urlsplit(self.path).path
                if self.command == "POST" and path == "/v1/checkout/sessions":
                    return self._create(form)
                if self.command == "GET" and path.startswith("/v1/checkout/sessions/"):
                    session = fake.sessions.get(path.rsplit("/", 1)[-1])
                    if session is None:
                        return self._error(404, "invalid_request_error", "No such checkout.session",
                                           "resource_missing", "id")
                    return self._send(200, session)
                return self._error(404, "invalid_request_error", f"Unrecognized request URL ({path}).")

            def _create(self, form):
                key = self.headers.get("Idempotency-Key")
                if key and key in fake.by_idempotency:
                    return self._send(200, fake.sessions[fake.by_idempotency[key]])
                try:
                    item = form["line_items"][0]
                    price = item["price_data"]
                    amount, currency, name = int(price["unit_amount"]), price["currency"], price["product_data"]["name"]
                    assert form["mode"] == "payment" and int(item["quantity"]) == 1
                    assert form["success_url"] and form["cancel_url"] and amount > 0 and len(currency) == 3
                except (KeyError, IndexError, ValueError, AssertionError):
                    return self._error(400, "invalid_request_error", "Missing or invalid parameters.", None,
                                       "line_items")
                sid = f"cs_test_{next(fake._ids):08d}"
                session = {
                    "id": sid, "object": "checkout.session", "mode": "payment", "status": "open",
                    "payment_status": "unpaid", "payment_intent": None, "amount_total": amount,
                    "currency": currency, "client_reference_id": form.get("client_reference_id"),
                    "customer_email": form.get("customer_email"), "metadata": form.get("metadata", {}),
                    "success_url": form["success_url"].replace("{CHECKOUT_SESSION_ID}", sid),
                    "cancel_url": form["cancel_url"], "url": f"{fake.url}/pay/{sid}", "line_item_name": name,
                    "livemode": False, "created": int(time.time()),
                }
                fake.sessions[sid] = session
                if key:
                    fake.by_idempotency[key] = sid
                return self._send(200, session)

            do_GET = do_POST = _route

        return Handler
