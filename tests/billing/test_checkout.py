"""Starting a checkout: the server's price, one session per order, Stripe's errors in plain words."""
import pytest
from sqlalchemy import select

from app.billing import gateway, service
from app.billing.models import Order, OrderStatus
from app.billing.service import CheckoutError
from tests import factories

URLS = dict(success_url="http://primer.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=lambda order_id: f"http://primer.test/billing/cancel/{order_id}")


def test_checkout_uses_the_servers_price_and_an_idempotency_key(app, db, fake_stripe):
    user, course = factories.user(email="buyer@acme.com"), factories.course(price=4900)
    order = service.start_checkout(gateway.current(), user, course, **URLS)
    db.session.commit()
    session = fake_stripe.sessions[order.checkout_session_id]
    assert (session["amount_total"], session["currency"], session["line_item_name"]) == (4900, "usd", course.title)
    assert session["client_reference_id"] == str(order.id) and session["customer_email"] == "buyer@acme.com"
    assert session["metadata"] == {"order_id": str(order.id), "course": course.slug, "learner_id": str(user.id)}
    assert session["cancel_url"].endswith(f"/billing/cancel/{order.id}")
    assert fake_stripe.by_idempotency == {f"primer-order-{order.id}": order.checkout_session_id}
    assert order.status is OrderStatus.OPEN and order.checkout_url.endswith(f"/pay/{order.checkout_session_id}")


@pytest.mark.parametrize("error,message", [
    ("card_declined", "Your card was declined"),
    ("rate_limit", "Payments are busy right now"),
])
def test_stripe_errors_become_clear_messages(app, db, fake_stripe, error, message):
    fake_stripe.next_errors = [error]
    with pytest.raises(CheckoutError, match=message):
        service.start_checkout(gateway.current(), factories.user(), factories.course(price=900), **URLS)
    db.session.commit()
    assert db.session.scalar(select(Order.status)) is OrderStatus.FAILED


def test_stripe_down_is_retried_then_reported(app, db, fake_stripe):
    fake_stripe.next_errors = ["api_down"] * 5
    with pytest.raises(CheckoutError, match="could not start your checkout"):
        service.start_checkout(gateway.current(), factories.user(), factories.course(price=900), **URLS)
    assert len([r for r in fake_stripe.requests if r[2] == 500]) == 3  # one try and the library's two retries


def test_stripe_unreachable_is_a_clear_message(app, db, fake_stripe):
    app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    gateway.init_app(app)
    with pytest.raises(CheckoutError, match="could not reach the payment service"):
        service.start_checkout(gateway.current(), factories.user(), factories.course(price=900), **URLS)


def test_without_keys_paid_courses_cannot_be_bought(app, db):
    with pytest.raises(CheckoutError, match="cannot be bought right now"):
        service.start_checkout(gateway.current(), factories.user(), factories.course(price=900), **URLS)


def test_free_and_owned_courses_are_not_sold(app, db, fake_stripe):
    from app.learning import service as learning

    user = factories.user()
    with pytest.raises(CheckoutError, match="not for sale"):
        service.start_checkout(gateway.current(), user, factories.course(), **URLS)
    paid = factories.course(price=900)
    learning.enroll(user, paid, source="purchase")
    with pytest.raises(CheckoutError, match="already have"):
        service.start_checkout(gateway.current(), user, paid, **URLS)


def test_the_gateway_is_bound_once_for_the_apps_own_settings(app, make_app):
    from tests.fakes.stripe import API_KEY, FakeStripe

    assert gateway.current() is None  # the test settings name no Stripe key
    with FakeStripe() as fake:
        other = make_app(STRIPE_SECRET_KEY=API_KEY, STRIPE_API_BASE=fake.url)
        with other.app_context():
            bound = gateway.current()
            assert bound is gateway.current()  # the same one every time: made at start, not per use
            created = bound.create_checkout(order_id=1, amount=900, currency="usd", title="A course",
                                            email="buyer@acme.com", metadata={}, success_url="http://primer.test/ok",
                                            cancel_url="http://primer.test/cancel")
        assert fake.sessions[created.id]["amount_total"] == 900
