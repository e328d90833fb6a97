"""How prices, durations, counts and scores read, on a page, in an email or at the command line."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal
from flask_babel import get_locale, gettext

# Currencies whose amounts have no minor unit (Stripe's list): 4900 JPY is ¥4,900, not ¥49.00.
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                "xaf", "xof", "xpf"}
MAX_PRICE_AMOUNT = 99_999_999  # minor units: Stripe's own limit for a charge (999,999.99 in usd)


def format_price(amount: int | None, currency: str | None) -> str:
    """An amount in minor units as the reader's language writes it (Babel): 4900 usd → "$49.00"
    (en), "49,00 US$" (cs); 4900 jpy → "¥4,900"; nothing → "Free"."""
    if not amount:
        return gettext("Free")
    code = (currency or "usd").lower()
    value = Decimal(amount) if code in ZERO_DECIMAL else Decimal(amount) / 100
    return format_currency(value, code.upper(), locale=reader_locale())


def reader_locale() -> str:
    """The reader's locale where there is one (a page, an email), else English (the command line)."""
    return str(get_locale() or "en")


def major_units(amount: int | None, currency: str | None) -> str:
    """A price in minor units as a person types it: 4900 usd → "49.00", 4900 jpy → "4900"; none → ""."""
    if not amount:
        return ""
    if (currency or "").lower() in ZERO_DECIMAL:
        return str(amount)
    return f"{amount / 100:.2f}"


def format_minutes(minutes: int | None) -> str:
    """75 → "1 h 15 min"; 6 → "6 min"."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """3, "lesson" → "3 lessons"; 1, "quiz", "quizzes" → "1 quiz"."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def format_points(value: float | int | None) -> str:
    """A score as people read it, in whole points: 41.5 → "42", -2.5 → "-3", 1234.4 → "1,234"; none → "—".

    Scores are kept to a tenth (decay makes fractions), but a tenth of a point means nothing to
    whoever reads a lead's score; halves round away from zero, as people round, not to even.
    """
    if value is None or not math.isfinite(value):
        return "—"
    whole = int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return format_decimal(whole, locale=reader_locale())

