"""Sealed data opens only with the key it was sealed under (or one listed as a fallback), unchanged."""
import pytest

from app.core import sealed


def test_sealed_data_round_trips_and_hides_its_content(app):
    token = sealed.seal({"link": "http://primer.test/reset-password/s3cret", "n": [1, 2]})
    assert "s3cret" not in token
    assert sealed.unseal(token) == {"link": "http://primer.test/reset-password/s3cret", "n": [1, 2]}
    assert sealed.seal("same") != sealed.seal("same")  # a fresh IV each time


def test_a_changed_token_or_another_key_is_refused(app, make_app):
    token = sealed.seal("hello")
    changed = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(sealed.Unreadable):
        sealed.unseal(changed)
    other = make_app(SECRET_KEY="another-secret-key-of-enough-length")
    with other.app_context(), pytest.raises(sealed.Unreadable):
        sealed.unseal(token)


def test_a_fallback_key_opens_what_the_old_key_sealed(app, make_app):
    token = sealed.seal("before the key change")
    rotated = make_app(SECRET_KEY="the-new-secret-key-of-enough-length", SECRET_KEY_FALLBACKS=[app.config["SECRET_KEY"]])
    with rotated.app_context():
        assert sealed.unseal(token) == "before the key change"
