"""Prices and durations as people read them."""
import pytest

from app.core.formatting import format_minutes, format_points, format_price, major_units


@pytest.mark.parametrize("amount,currency,shown", [
    (4900, "usd", "$49.00"), (123456, "eur", "€1,234.56"), (4900, "jpy", "¥4,900"),
    (1999, "chf", "CHF19.99"), (None, None, "Free"),
])
def test_prices_read_like_prices(amount, currency, shown):
    assert format_price(amount, currency) == shown


def test_prices_read_as_the_readers_language_writes_them(app):
    with app.test_request_context(headers={"Accept-Language": "cs"}):
        assert [format_price(4900, "usd"), format_price(123456, "eur"), format_price(None, "usd")] == [
            "49,00\xa0US$", "1\xa0234,56\xa0€", "Zdarma"]


def test_minutes_read_like_durations():
    assert [format_minutes(m) for m in (0, 6, 60, 75)] == ["0 min", "6 min", "1 h", "1 h 15 min"]


@pytest.mark.parametrize("amount,currency,typed", [(4900, "usd", "49.00"), (4900, "jpy", "4900"), (None, "usd", "")])
def test_a_stored_price_reads_as_typed_into_the_form(amount, currency, typed):
    assert major_units(amount, currency) == typed


@pytest.mark.parametrize("value, shown", [
    (0, "0"), (142.0, "142"), (41.5, "42"), (41.49, "41"), (2.5, "3"), (3.5, "4"),  # halves away from zero,
    (-2.5, "-3"), (-0.4, "0"), (-20.0, "-20"), (1234.4, "1,234"), (0.05, "0"),      # not to even
    (None, "—"), (float("nan"), "—"), (float("inf"), "—"),
])
def test_scores_read_in_whole_points(value, shown):
    assert format_points(value) == shown

