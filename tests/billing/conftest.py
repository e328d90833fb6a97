import pytest

from app.billing import gateway
from tests.fakes.stripe import API_KEY, WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def fake_stripe(app):
    with FakeStripe() as fake:
        app.config.update(STRIPE_SECRET_KEY=API_KEY, STRIPE_API_BASE=fake.url, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
        gateway.init_app(app)  # the app's gateway, now for the fake
        yield fake
