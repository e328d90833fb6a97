import pytest

from app.crm.hubspot import HubSpotAdapter, Retrying
from tests.fakes.hubspot import FakeHubSpot


@pytest.fixture
def fake_hubspot():
    with FakeHubSpot() as fake:
        yield fake


def make_adapter(fake, *, token=None, tries=12, rate_limit=100):
    return HubSpotAdapter(token or fake.token, fake.url, rate_limit=rate_limit,
                          retrying=Retrying(tries=tries, sleep=lambda s: None), timeout=(2, 5))


@pytest.fixture
def adapter(fake_hubspot):
    return make_adapter(fake_hubspot)
