"""The buyer's receipt when an order is paid and the notice when it is refunded: amount, course,
date and order number, once each however Stripe's events come, in the buyer's language."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import select

from app.billing.models import Order
from tests import factories
from tests.billing.test_webhooks import deliver, open_order
from tests.mails import czech, html, link, sent_to  # noqa: F401  (czech: a fixture)


def paid(fake_stripe, order) -> dict:
    return fake_stripe.event("checkout.session.completed", fake_stripe.pay(order.checkout_session_id))


def test_a_paid_order_mails_a_receipt_once(app, client, db, outbox, fake_stripe):
    order = open_order(app, db, fake_stripe, price=4900)
    title, number = order.course.title, order.id
    event = paid(fake_stripe, order)
    deliver(client, event)
    deliver(client, event)  # Stripe delivers it again
    deliver(client, fake_stripe.event("checkout.session.completed", fake_stripe.sessions[order.checkout_session_id]))
    receipt, = [m for m in sent_to(outbox, "buyer@acme.com") if "receipt" in m.subject]
    assert receipt.subject == f"Your Primer receipt for {title}"
    for part in (receipt.body, html(receipt)):
        assert "$49.00" in part and title in part and str(number) in part
    assert f"Order number: {number}" in receipt.body
    paid_at = db.session.get(Order, number).paid_at
    assert f"Date: {format_date(paid_at, 'long', locale='en')}" in receipt.body  # the site's zone: UTC
    assert link(receipt, "/learn/") == f"/learn/{order.course.slug}"
    assert receipt.extra_headers == {}  # transactional
    assert [m.subject for m in outbox] == [f"You are enrolled in {title}", receipt.subject]


def test_the_buyer_returning_before_the_webhook_gets_one_receipt(app, browser, db, outbox, fake_stripe):
    order = open_order(app, db, fake_stripe)
    factories.sign_in(browser.client, order.user)
    fake_stripe.pay(order.checkout_session_id)
    assert browser.get(f"/billing/success?session_id={order.checkout_session_id}").status_code == 200
    event = fake_stripe.event("checkout.session.completed", fake_stripe.sessions[order.checkout_session_id])
    assert deliver(browser.client, event).json["outcome"] == "already paid"
    assert len([m for m in outbox if "receipt" in m.subject]) == 1


def test_a_full_refund_mails_a_notice_once_and_a_partial_one_none(app, client, db, outbox, fake_stripe):
    order = open_order(app, db, fake_stripe, price=4900)
    title, session_id = order.course.title, order.checkout_session_id
    deliver(client, paid(fake_stripe, order))
    deliver(client, fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(session_id, amount_refunded=100)))
    assert not [m for m in outbox if "refund" in m.subject]
    full = fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(session_id))
    deliver(client, full)
    deliver(client, full)
    notice, = [m for m in outbox if "refund" in m.subject]
    assert notice.subject == f"Your refund for {title}" and notice.to == ["buyer@acme.com"]
    assert "$49.00" in notice.body and f"Order number: {order.id}" in notice.body
    assert "Your access to the course has ended" in notice.body
    assert link(notice, "/courses/") == f"/courses/{order.course.slug}"


def test_a_refund_that_comes_before_its_payment_mails_the_receipt_then_the_notice(app, client, db, outbox,
                                                                                   fake_stripe):
    order = open_order(app, db, fake_stripe)
    fake_stripe.pay(order.checkout_session_id)
    deliver(client, fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(order.checkout_session_id)))
    assert outbox == []
    deliver(client, fake_stripe.event("checkout.session.completed", fake_stripe.sessions[order.checkout_session_id]))
    title = order.course.title
    assert [m.subject for m in outbox] == [f"You are enrolled in {title}", f"Your Primer receipt for {title}",
                                           f"Your refund for {title}"]


def test_the_receipt_is_in_the_buyers_language_currency_format_and_time_zone(app, client, db, outbox, fake_stripe,
                                                                              czech):
    czech({"Your {brand} receipt for %(course)s": "{brand}: potvrzení o platbě za kurz %(course)s",
           "Amount paid": "Zaplacená částka", "Order number": "Číslo objednávky"})
    order = open_order(app, db, fake_stripe, price=4900)
    order.user.locale, order.user.time_zone = "cs", "Asia/Tokyo"
    db.session.commit()
    deliver(client, paid(fake_stripe, order))
    receipt, = [m for m in outbox if "potvrzení" in m.subject]
    assert receipt.subject == f"Primer: potvrzení o platbě za kurz {order.course.title}"
    assert "Zaplacená částka: 49,00\xa0US$" in receipt.body and f"Číslo objednávky: {order.id}" in receipt.body
    paid_at = db.session.scalar(select(Order.paid_at)).astimezone(ZoneInfo("Asia/Tokyo"))
    assert format_date(paid_at, "long", locale="cs") in receipt.body


def test_a_payment_whose_transaction_fails_mails_nothing_until_stripe_retries(app, client, db, outbox, fake_stripe,
                                                                               monkeypatch):
    from app.billing import service

    order = open_order(app, db, fake_stripe)
    title, event = order.course.title, paid(fake_stripe, order)
    real, calls = service._apply_early_refund, []

    def failing_once(*args):  # after the receipt is written, in the same transaction
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return real(*args)

    monkeypatch.setattr(service, "_apply_early_refund", failing_once)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert deliver(client, event).status_code == 500
    assert outbox == []
    assert deliver(client, event).json["outcome"] == "fulfilled"  # Stripe's retry
    assert [m.subject for m in outbox] == [f"You are enrolled in {title}", f"Your Primer receipt for {title}"]
