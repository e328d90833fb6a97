"""Credential forms are throttled per client address and per account."""
from tests import factories


def test_login_is_limited_per_account(app, browser, db):
    factories.user(email="kim@example.com")
    statuses = []
    for i in range(12):
        # vary the client address: the per-account limit must still hold
        response = browser.submit("/login", {"email": "kim@example.com", "password": f"wrong guess {i}"},
                                  environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
        statuses.append(response.status_code)
    assert statuses[:10] == [422] * 10
    assert statuses[10:] == [429, 429]
    # the right password does not get through while the account is throttled
    response = browser.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "Too many tries" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers


def test_login_is_limited_per_address(app, browser, db):
    statuses = [
        browser.submit("/login", {"email": f"someone{i}@example.com", "password": "wrong guess"}).status_code
        for i in range(22)
    ]
    assert statuses[:20] == [422] * 20 and statuses[20:] == [429, 429]


def test_reset_requests_are_limited_per_account(app, browser, db, outbox):
    factories.user(email="kim@example.com")
    statuses = [
        browser.submit("/reset-password", {"email": "kim@example.com"},
                       environ_base={"REMOTE_ADDR": f"10.0.1.{i}"}).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    assert len(outbox) == 10


def test_signup_is_limited_per_address(app, browser, db):
    statuses = [browser.submit("/signup", {"email": f"bad{i}"}).status_code for i in range(21)]
    assert statuses[:20] == [422] * 20 and statuses[20] == 429


def test_page_views_are_not_limited(app, client):
    assert all(client.get("/login").status_code == 200 for _ in range(40))
