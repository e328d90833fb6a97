"""The lead list as CSV, safe to open in a spreadsheet.

Scores keep their stored tenths here, though every page shows whole points (core.formatting's
`points` filter): a spreadsheet sums, sorts and filters the column, and whole numbers rounded
one by one would not add up to their rounded total there; it formats them as its reader likes.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import Select

from app.core.extensions import db
from app.scoring.models import LeadScore

COLUMNS = ["email", "first_name", "last_name", "company", "job_title", "stage", "score", "engagement", "fit",
           "topics", "last_activity"]
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500  # leads read from the database at a time


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_of(score: LeadScore) -> list:
    user = score.user
    last = score.last_activity_at.isoformat(timespec="seconds") if score.last_activity_at else ""
    return [safe_cell(v) for v in (
        user.email, user.first_name, user.last_name, user.company, user.job_title, score.stage.value,
        score.total, score.engagement, score.fit, "; ".join(score.top_topics or []), last)]


def csv_lines(query: Select) -> Iterator[str]:
    """The header, then one line per lead of `query`, each handed on as soon as it is written.

    The query runs when the first line is asked for: a WSGI server reads a streamed body after
    the view has returned and its session is gone, so the caller wraps this in
    `stream_with_context`, and the rows come from the session of the context it is read in.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for score in db.session.scalars(query.execution_options(yield_per=BATCH)):
        writer.writerow(row_of(score))
        yield _take(buffer)
    yield _take(buffer)  # the header alone when no lead matches


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
