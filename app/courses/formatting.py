"""How prices and durations read on a page."""
from __future__ import annotations

SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "cad": "CA$", "aud": "A$", "jpy": "¥"}
# Currencies whose amounts have no minor unit (Stripe's list): 4900 JPY is ¥4,900, not ¥49.00.
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                "xaf", "xof", "xpf"}


def format_price(amount: int | None, currency: str | None) -> str:
    """4900 usd → "$49.00"; nothing → "Free"; an unknown currency keeps its code ("49.00 CHF")."""
    if not amount:
        return "Free"
    code = (currency or "usd").lower()
    number = f"{amount:,}" if code in ZERO_DECIMAL else f"{amount / 100:,.2f}"
    symbol = SYMBOLS.get(code)
    return f"{symbol}{number}" if symbol else f"{number} {code.upper()}"


def format_minutes(minutes: int | None) -> str:
    """75 → "1 h 15 min"; 6 → "6 min"."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
