"""How prices, durations and a course's contents read on a page (and in the command line)."""
from __future__ import annotations

from sqlalchemy import func, select

from app.core.extensions import db
from app.courses.models import Course, Lesson

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


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """3, "lesson" → "3 lessons"; 1, "quiz", "quizzes" → "1 quiz"."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def describe(course: Course) -> str:
    """What a course holds, counted: "3 modules, 6 lessons, 3 quizzes, 9 questions"."""
    modules = course.live_modules
    quizzes = [m.quiz for m in modules if m.quiz is not None and m.quiz.retired_at is None]
    parts = [
        plural(len(modules), "module"),
        plural(sum(len(m.live_lessons) for m in modules), "lesson"),
        plural(len(quizzes), "quiz", "quizzes"),
        plural(sum(len(q.live_questions) for q in quizzes), "question"),
    ]
    retired = db.session.scalar(
        select(func.count()).select_from(Lesson).where(Lesson.course_id == course.id, Lesson.retired_at.is_not(None))
    )
    if retired:
        parts.append(f"{plural(retired, 'retired lesson')} kept for learners' progress")
    return ", ".join(parts)
