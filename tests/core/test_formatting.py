"""Prices and durations as people read them."""
import pytest

from app.core.formatting import format_minutes, format_price, major_units


@pytest.mark.parametrize("amount,currency,shown", [
    (4900, "usd", "$49.00"), (123456, "eur", "€1,234.56"), (4900, "jpy", "¥4,900"),
    (1999, "chf", "19.99 CHF"), (None, None, "Free"),
])
def test_prices_read_like_prices(amount, currency, shown):
    assert format_price(amount, currency) == shown


def test_minutes_read_like_durations():
    assert [format_minutes(m) for m in (0, 6, 60, 75)] == ["0 min", "6 min", "1 h", "1 h 15 min"]


@pytest.mark.parametrize("amount,currency,typed", [(4900, "usd", "49.00"), (4900, "jpy", "4900"), (None, "usd", "")])
def test_a_stored_price_reads_as_typed_into_the_form(amount, currency, typed):
    assert major_units(amount, currency) == typed
