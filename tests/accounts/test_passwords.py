import pytest
from argon2 import Type, extract_parameters

from app.accounts import passwords, service
from app.accounts.passwords import PasswordPolicyError
from config import Config, ProductionConfig
from tests import factories


@pytest.fixture
def production(make_app):
    """An app with production's settings: the tests' own hash cheaply (TestingConfig)."""
    return make_app(ProductionConfig, SECRET_KEY="x" * 40, PRIMER_BASE_URL="https://primer.example")


def test_hashes_are_argon2id_at_or_above_owasp_parameters(app, production):
    with production.app_context():
        params = extract_parameters(passwords.hash_password("a long enough passphrase"))
    assert params.type is Type.ID
    # OWASP Password Storage Cheat Sheet: m >= 19 MiB with t >= 2, p = 1 (or stronger)
    assert params.memory_cost >= 19 * 1024
    assert params.time_cost >= 2
    assert params.parallelism >= 1
    assert (params.memory_cost, params.time_cost, params.parallelism) == (
        Config.ARGON2_MEMORY_COST_KIB, Config.ARGON2_TIME_COST, Config.ARGON2_PARALLELISM)


def test_a_cheaper_hash_is_made_again_at_production_cost_on_login(app, db, production):
    factories.user(email="kim@example.com")  # hashed at the tests' low cost
    with production.app_context():
        signed_in = service.authenticate("kim@example.com", factories.DEFAULT_PASSWORD)
        params = extract_parameters(signed_in.password_hash)
        assert (params.memory_cost, params.time_cost, params.parallelism) == (
            Config.ARGON2_MEMORY_COST_KIB, Config.ARGON2_TIME_COST, Config.ARGON2_PARALLELISM)
        assert not passwords.needs_rehash(signed_in.password_hash)
        assert passwords.verify_password(signed_in.password_hash, factories.DEFAULT_PASSWORD)


def test_verify_accepts_the_password_and_nothing_else(app):
    stored = passwords.hash_password("tangerine submarine 42")
    assert passwords.verify_password(stored, "tangerine submarine 42")
    assert not passwords.verify_password(stored, "tangerine submarine 43")
    assert not passwords.verify_password("not a hash", "tangerine submarine 42")


def test_long_passwords_are_not_truncated(app):
    long = "x7!" * 40  # 120 characters
    stored = passwords.hash_password(long)
    assert passwords.verify_password(stored, long)
    assert not passwords.verify_password(stored, long[:-1])
    assert not passwords.verify_password(stored, long[:72])  # where bcrypt would have cut


@pytest.mark.parametrize("password", ["eight ch", "Zq9$" * 16, "ü" * 4 + "ñ" * 4 + "€" * 4, "a" + "b" * 126 + "c"])
def test_policy_accepts_8_to_128_characters(app, password):
    passwords.check_policy(password)


@pytest.mark.parametrize("password,reason", [
    ("short1!", "at least 8"),
    ("z" * 129, "at most 128"),
    ("password", "too common"),
    ("Password1", "too common"),
    ("qwertyuiop", "too common"),
    ("iloveyou", "too common"),
    ("aaaaaaaaaaaa", "too common"),
])
def test_policy_refuses_short_long_and_common_passwords(app, password, reason):
    with pytest.raises(PasswordPolicyError, match=reason):
        passwords.check_policy(password)


def test_policy_refuses_the_email_as_password(app):
    with pytest.raises(PasswordPolicyError, match="email"):
        passwords.check_policy("jane.doe@example.com", email="jane.doe@example.com")
