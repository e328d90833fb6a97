"""Credential forms are throttled per client address and per account, without locking owners out."""
from tests import factories
from tests.conftest import Browser


def _login(browser, email, password, address):
    return browser.submit("/login", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def test_guessing_from_one_address_does_not_lock_the_owner_out(app, browser, db):
    factories.user(email="kim@example.com")
    statuses = [_login(browser, "kim@example.com", f"wrong guess {i}", "198.51.100.7").status_code for i in range(12)]
    assert statuses[:10] == [422] * 10 and statuses[10:] == [429, 429]  # the guesser is stopped
    # even the right password is refused from the guesser's address for that account
    assert _login(browser, "kim@example.com", factories.DEFAULT_PASSWORD, "198.51.100.7").status_code == 429
    # the owner, from a fresh session at their own address, gets in
    owner = Browser(app.test_client())
    response = _login(owner, "kim@example.com", factories.DEFAULT_PASSWORD, "203.0.113.20")
    assert response.status_code == 302
    assert "Log out" in owner.get("/").get_data(as_text=True)


def test_guessing_from_many_addresses_is_slowed_down_not_refused(app, browser, db, monkeypatch):
    from app.accounts import throttle

    waited = []
    monkeypatch.setattr(throttle, "sleep", waited.append)
    factories.user(email="kim@example.com")
    statuses = [_login(browser, "kim@example.com", f"wrong guess {i}", f"10.0.0.{i}").status_code for i in range(14)]
    assert statuses == [422] * 14
    # after 10 failures every attempt on the account waits, longer and longer, up to a cap
    assert waited == [0.5, 1.0, 2.0, 4.0]
    owner = Browser(app.test_client())
    assert _login(owner, "kim@example.com", factories.DEFAULT_PASSWORD, "203.0.113.20").status_code == 302
    assert waited[-1] == 4.0  # the owner waited too, but got in


def test_the_slowdown_is_capped(app):
    from app.accounts.throttle import delay_for

    assert [delay_for(n) for n in (0, 9, 10, 11, 12, 13, 14, 10_000)] == [0, 0, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


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
