"""Analytics as tables: the same rows make the page's accessible table, its chart and its CSV."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.authoring.analytics.funnel import Funnel
from app.authoring.analytics.lessons import LessonStep
from app.authoring.analytics.quizzes import QuizItem
from app.authoring.analytics.weekly import Week
from app.core.time import day_label

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """Rows whose first cell names the row; `series` are the numeric columns the chart draws."""

    name: str  # the CSV's file name, without .csv
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    series: list[int] = field(default_factory=lambda: [1])
    chart_type: str = "bar"
    horizontal: bool = False
    note: str = ""
    text_columns: frozenset[int] = frozenset()  # besides the first, the columns that hold words
    empty: str = ""  # what "no data yet" means here, shown instead of a chart of nothing
    counts: list[int] | None = None  # the columns that say whether there is data; default `series`

    def is_numeric(self, column: int) -> bool:
        return column != 0 and column not in self.text_columns

    @property
    def has_data(self) -> bool:
        """Whether there is anything to chart: a count other than 0 (a quiz answered by nobody
        has no share right, and 0% right of some answers is data)."""
        return any(row[i] not in (None, 0) for row in self.rows for i in (self.counts or self.series))

    @staticmethod
    def is_day(value: Any) -> bool:
        return isinstance(value, date)

    @staticmethod
    def label(value: Any) -> str:
        """A row's name as people read it: days as "6 Jan 2025" (the CSV keeps ISO dates)."""
        return day_label(value) if isinstance(value, date) else str(value)

    def chart(self) -> dict[str, Any]:
        """charts.js's `data-chart` attribute: labels and one dataset per series column."""
        return {"type": self.chart_type, "labels": [self.label(row[0]) for row in self.rows],
                "datasets": [{"label": self.columns[i], "data": [row[i] for row in self.rows]} for i in self.series]}

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if cell is None else _safe(cell) for cell in row])
        return buffer.getvalue()


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def funnel_table(funnel: Funnel) -> Table:
    rows = [[label, n, _percent(n, funnel.enrolled)] for label, n in funnel.steps()]
    # Titles starting with the percent sign pass it as a placeholder: "% of…" and "% right" would
    # read as printf conversions to the translation tools.
    columns = [_("Step"), _("Learners"), _("%(percent)s of enrolled", percent="%")]
    return Table("funnel", _("Funnel: learners at each step"), columns, rows,
                 chart_type="funnel", empty=_("nobody has enrolled in this course yet."),
                 note=_("Started: completed at least one lesson. MQL and SQL: the enrolled learners' lead stage "
                        "now."))


def lessons_table(steps: list[LessonStep], reached_means: str) -> Table:
    rows = [[step.label, step.reached, step.completed, step.completion_percent] for step in steps]
    return Table("lessons", _("Drop-off per lesson"), [_("Lesson (module. title)"), _("Reached"), _("Completed"),
                                                       _("%(percent)s of those who reached it", percent="%")], rows,
                 series=[1, 2], horizontal=len(rows) > 8, note=str(reached_means),
                 empty=_("no learner has reached a lesson of this course yet."))


def quiz_table(items: list[QuizItem]) -> Table:
    rows = [[item.label, item.prompt, item.answers, item.right_percent, item.top_wrong or None,
             item.top_wrong_count or None] for item in items]
    columns = [_("Question"), _("Prompt"), _("Answers"), _("%(percent)s right", percent="%"),
               _("Most-chosen wrong answer"), _("Times chosen")]
    return Table("quiz", _("Quiz questions: share answered right"), columns, rows, series=[3], counts=[2],
                 text_columns=frozenset({1, 4}), empty=_("nobody has answered this course's quizzes yet."),
                 note=_("Every attempt counts; a multiple-answer question is right only when exactly its right "
                        "choices were ticked. The wrong answer shows the choices as the question reads now."))


def weekly_table(weeks: list[Week], truncated: bool) -> Table:
    rows = [[week.start, week.enrolled, week.completed] for week in weeks]
    note = _("Weeks start on Monday (UTC); a week without activity counts as zero.")
    if truncated:
        note += " " + _("Only the last 52 weeks are shown.")
    return Table("weekly", _("Enrollments and completions per week"),
                 [_("Week of"), _("Enrollments"), _("Completions")], rows, series=[1, 2], chart_type="line",
                 note=note, empty=_("nobody has enrolled or finished yet."))


def courses_table(courses: list, funnels: dict[int, Funnel]) -> Table:
    rows = []
    for course in courses:
        f = funnels.get(course.id, Funnel())
        rows.append([course.title, f.enrolled, f.started, f.completed, f.mql, f.sql])
    return Table("courses", _("Funnel per course"), [_("Course"), _("Enrolled"), _("Started"), _("Completed"),
                                                     _("MQL now"), _("SQL now")], rows, series=[1, 2, 3, 4, 5],
                 horizontal=len(rows) > 6, empty=_("nobody has enrolled in any course yet."),
                 note=_("Started: completed at least one lesson. MQL and SQL: the enrolled learners' lead stage "
                        "now."))
