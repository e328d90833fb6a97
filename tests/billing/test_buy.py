"""Buying a course as a person would: the Buy button, Stripe, back to Primer, /my, a refund."""
import re

from sqlalchemy import select

from app.billing.models import Order, OrderStatus
from tests import factories
from tests.billing.test_webhooks import deliver


def test_buy_pay_learn_then_refund(app, browser, login_as, db, fake_stripe):
    factories.course(slug="certified-admin", price=4900)
    login_as("learner", email="buyer@acme.com")
    page = browser.get("/courses/certified-admin").get_data(as_text=True)
    assert "Buy for $49.00" in page and 'action="/courses/certified-admin/enroll"' in page

    response = browser.submit("/courses/certified-admin", {}, action="/courses/certified-admin/enroll")
    assert response.status_code == 303
    order = db.session.scalar(select(Order))
    assert response.location == f"{fake_stripe.url}/pay/{order.checkout_session_id}"
    session = fake_stripe.sessions[order.checkout_session_id]
    assert session["success_url"] == f"http://primer.test/billing/success?session_id={order.checkout_session_id}"
    assert session["cancel_url"] == f"http://primer.test/billing/cancel/{order.id}"

    assert browser.get("/learn/certified-admin").status_code == 302  # locked until paid
    fake_stripe.pay(order.checkout_session_id)
    landing = browser.get(f"/billing/success?session_id={order.checkout_session_id}").get_data(as_text=True)
    assert "You’re enrolled" in landing
    assert browser.get("/learn/certified-admin").status_code == 200
    mine = browser.get("/my").get_data(as_text=True)
    assert "Purchases" in mine and "$49.00" in mine and "Paid" in mine

    deliver(browser.client, fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(order.checkout_session_id)))
    assert browser.get("/learn/certified-admin").status_code == 302
    assert "Your access to this course has ended" in browser.get("/courses/certified-admin").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status is OrderStatus.REFUNDED


def test_cancelled_checkout_goes_back_to_the_course(app, browser, login_as, db, fake_stripe):
    factories.course(slug="certified-admin", price=4900)
    login_as("learner")
    browser.submit("/courses/certified-admin", {}, action="/courses/certified-admin/enroll")
    order = db.session.scalar(select(Order))
    response = browser.get(f"/billing/cancel/{order.id}", follow_redirects=True)
    assert "nothing was charged" in response.get_data(as_text=True)


def test_a_declined_card_is_a_message_not_a_500(app, browser, login_as, db, fake_stripe):
    factories.course(slug="certified-admin", price=4900)
    login_as("learner")
    fake_stripe.next_errors = ["card_declined"]
    response = browser.submit("/courses/certified-admin", {}, action="/courses/certified-admin/enroll",
                              follow_redirects=True)
    assert response.status_code == 200 and "Your card was declined" in response.get_data(as_text=True)


def test_without_stripe_keys_paid_courses_say_so(app, browser, login_as, db):
    factories.course(slug="certified-admin", price=4900)
    factories.course(slug="free-one")
    login_as("learner")
    page = browser.get("/courses/certified-admin").get_data(as_text=True)
    assert "cannot be bought right now" in page and re.search(r"<button[^>]*disabled", page)
    response = browser.submit("/courses/certified-admin", {}, action="/courses/certified-admin/enroll",
                              follow_redirects=True)
    assert "cannot be bought right now" in response.get_data(as_text=True)
    assert "Enroll for free" in browser.get("/courses/free-one").get_data(as_text=True)  # nothing else breaks


def test_buying_asks_for_an_account_first(app, browser, db, fake_stripe):
    factories.course(slug="certified-admin", price=4900)
    response = browser.submit("/courses/certified-admin", {}, action="/courses/certified-admin/enroll")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    assert db.session.scalar(select(Order)) is None
