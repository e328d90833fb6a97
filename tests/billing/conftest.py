import pytest

from tests.fakes.stripe import API_KEY, WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def fake_stripe(app):
    with FakeStripe() as fake:
        app.config.update(STRIPE_SECRET_KEY=API_KEY, STRIPE_API_BASE=fake.url, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
        yield fake
