"""A payment fulfils an order only when Stripe's session is the one Primer made for it, at its price."""
import logging

import pytest
from sqlalchemy import select

from app.billing.models import Order, OrderStatus, StripeEvent
from app.learning.models import Enrollment
from tests import factories
from tests.billing.test_webhooks import count, deliver, open_order

MISMATCHES = {
    "another session": ({"id": "cs_test_someone_else"}, "session"),
    "a lower amount": ({"amount_total": 100}, "amount"),
    "another currency": ({"currency": "eur"}, "currency"),
    "no payment needed": ({"payment_status": "no_payment_required"}, "payment status"),
}


@pytest.mark.parametrize("change", MISMATCHES.values(), ids=MISMATCHES.keys())
def test_a_completed_checkout_that_does_not_match_its_order_is_refused(app, client, db, fake_stripe, caplog, change):
    changed, why = change
    order = open_order(app, db, fake_stripe)
    session = dict(fake_stripe.pay(order.checkout_session_id), **changed)
    event = fake_stripe.event("checkout.session.completed", session)
    with caplog.at_level(logging.WARNING, logger="app.billing.service"):
        response = deliver(client, event)
    assert response.status_code == 200 and response.json["outcome"].startswith("refused")
    assert why in response.json["outcome"]
    assert any(why in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status is OrderStatus.OPEN and count(db, Enrollment) == 0
    assert db.session.get(StripeEvent, event["id"]).outcome == response.json["outcome"]


@pytest.mark.parametrize("change", [c for c in MISMATCHES.values() if c[1] != "session"],
                         ids=[k for k, c in MISMATCHES.items() if c[1] != "session"])
def test_the_success_page_does_not_fulfil_a_session_that_does_not_match(app, browser, db, fake_stripe, caplog, change):
    changed, why = change
    order = open_order(app, db, fake_stripe)
    fake_stripe.pay(order.checkout_session_id)
    fake_stripe.sessions[order.checkout_session_id].update(changed)
    factories.sign_in(browser.client, order.user)
    with caplog.at_level(logging.WARNING, logger="app.billing.service"):
        page = browser.get(f"/billing/success?session_id={order.checkout_session_id}")
    assert page.status_code == 200 and "You’re enrolled" not in page.get_data(as_text=True)
    assert any(why in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status is OrderStatus.OPEN and count(db, Enrollment) == 0


def test_a_matching_session_still_fulfils(app, client, db, fake_stripe):
    order = open_order(app, db, fake_stripe)
    session = dict(fake_stripe.pay(order.checkout_session_id), currency="USD")  # Stripe's case is not a mismatch
    assert deliver(client, fake_stripe.event("checkout.session.completed", session)).json["outcome"] == "fulfilled"
    assert db.session.scalar(select(Enrollment.source)) == "purchase"
