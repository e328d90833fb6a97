"""The scoring model: parsing and validating its file format into immutable rules.

Pure: no database, no Flask. Errors name the place in the file, e.g.
`rules[2].matches: bad regular expression (unbalanced parenthesis)`.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from app.core import yamlio
from app.learning.events import EVIDENCE_LEVELS, SCORABLE

FIT_FIELDS = ("job_title", "company", "email_domain", "country", "first_name", "last_name", "email")
# Sane ranges: wide enough for any real model, narrow enough that sums stay exact and storable.
MAX_POINTS = 10_000
MAX_THRESHOLD = 1_000_000
MAX_HALF_LIFE_DAYS = 3650
MAX_TIMES = 10_000
MAX_PATTERN = 500


class ScoringModelError(ValueError):
    """The model file is not valid; `errors` lists every problem with its place."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class EngagementRule:
    key: str
    name: str
    on: str
    points: float
    topic: str | None = None
    course: str | None = None
    verb: str | None = None  # xAPI verb IRI (for on: xapi)
    activity: str | None = None  # xAPI activity id (for on: xapi)
    evidence: str | None = None  # played | self_reported (for on: item_completed)
    half_life_days: float | None = None
    max_times: int | None = None

    def matches(self, verb: str, topics: list[str], course_slug: str | None, payload: dict, object_id: str | None) -> bool:
        if verb != self.on:
            return False
        if self.topic is not None and self.topic not in topics:
            return False
        if self.course is not None and self.course != course_slug:
            return False
        if self.verb is not None and payload.get("verb") != self.verb:
            return False
        if self.evidence is not None and payload.get("evidence") != self.evidence:
            return False
        return self.activity is None or self.activity == object_id


@dataclass(frozen=True)
class FitRule:
    key: str
    name: str
    field: str
    points: float
    pattern: str | None = None
    values: tuple[str, ...] = ()
    _compiled: Any = field(default=None, compare=False, repr=False)

    def matches(self, value: str) -> bool:
        value = value or ""
        if self.pattern is not None:
            return bool(self._compiled.search(value))
        return value.strip().lower() in self.values


@dataclass(frozen=True)
class ScoringModel:
    mql: float
    sql: float
    rules: tuple[EngagementRule, ...]
    fit: tuple[FitRule, ...]
    source: dict  # the validated file, as given (what export gives back)

    def rules_for(self, verb: str) -> list[EngagementRule]:
        return [r for r in self.rules if r.on == verb]

    def stage_for(self, total: float) -> str:
        if total >= self.sql:
            return "sql"
        if total >= self.mql:
            return "mql"
        return "lead"


def load_text(text: str) -> dict:
    """Parse YAML or JSON text (JSON is YAML, but a JSON error message is clearer)."""
    try:
        data = yamlio.load(text)  # plain data only: no aliases, bounded depth and numbers
    except yamlio.LoadError as exc:
        raise ScoringModelError([_("file: %(problem)s", problem=exc)]) from None
    if not isinstance(data, dict):
        raise ScoringModelError([_("file: expected a mapping with thresholds, rules and fit")])
    return data


def _number(value, where: str, errors: list[str], *, high: float, positive: bool = False) -> float | None:
    """A finite number within ±`high` (above 0 if `positive`); bool is not a number here."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        errors.append(_("%(where)s: must be a number", where=where))
        return None
    if positive and value <= 0:
        errors.append(_("%(where)s: must be greater than 0", where=where))
        return None
    if abs(value) > high:
        errors.append(_("%(where)s: must be from %(low)s to %(high)s", where=where, low=format(0 if positive else -high, ","),
                         high=format(high, ",")))
        return None
    return value


def _text(value, where: str, errors: list[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors.append(_("%(where)s: must be a non-empty text", where=where))
        return None
    return value.strip()


def _unknown(item: dict, allowed: set[str], where: str, errors: list[str]) -> None:
    for key in item:
        if key not in allowed:
            path = f"{where}.{yamlio.excerpt(str(key))}"
            errors.append(_("%(where)s: unknown field", where=path))


def _unique_name(item: dict, where: str, names: set[str], errors: list[str]) -> str | None:
    """The rule's name; names are what sales reads, so two rules may not share one."""
    name = _text(item.get("name"), f"{where}.name", errors)
    if name in names:
        errors.append(_("%(where)s.name: %(name)s is used twice", where=where, name=yamlio.excerpt(repr(name))))
    names.add(name)
    return name


def parse(data: dict) -> ScoringModel:
    """Validate a model file's data and build the model; raise ScoringModelError listing every problem."""
    errors: list[str] = []
    _unknown(data, {"thresholds", "rules", "fit"}, "file", errors)
    thresholds = data.get("thresholds")
    mql = sql = None
    if not isinstance(thresholds, dict):
        errors.append(_("thresholds: required, e.g. {mql: 60, sql: 120}"))
    else:
        _unknown(thresholds, {"mql", "sql"}, "thresholds", errors)
        mql = _number(thresholds.get("mql"), "thresholds.mql", errors, high=MAX_THRESHOLD, positive=True)
        sql = _number(thresholds.get("sql"), "thresholds.sql", errors, high=MAX_THRESHOLD, positive=True)
        if mql is not None and sql is not None and sql <= mql:
            errors.append(_("thresholds.sql: must be above thresholds.mql (%(sql)s is not above %(mql)s)",
                            sql=sql, mql=mql))

    rules = []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        errors.append(_("rules: must be a list"))
        raw_rules = []
    names: set[str] = set()
    for i, item in enumerate(raw_rules):
        where = f"rules[{i}]"
        if not isinstance(item, dict):
            errors.append(_("%(where)s: must be a mapping", where=where))
            continue
        _unknown(item, {"name", "on", "topic", "course", "verb", "activity", "evidence", "points",
                        "half_life_days", "max_times"}, where, errors)
        name = _unique_name(item, where, names, errors)
        on = item.get("on")
        if on not in SCORABLE:
            errors.append(_("%(where)s.on: unknown event %(event)s; use one of %(events)s", where=where,
                            event=yamlio.excerpt(repr(on)), events=", ".join(SCORABLE)))
        points = _number(item.get("points"), f"{where}.points", errors, high=MAX_POINTS)
        half_life = item.get("half_life_days")
        if half_life is not None:
            half_life = _number(half_life, f"{where}.half_life_days", errors, high=MAX_HALF_LIFE_DAYS, positive=True)
        max_times = item.get("max_times")
        if max_times is not None and (isinstance(max_times, bool) or not isinstance(max_times, int)
                                      or not 1 <= max_times <= MAX_TIMES):
            errors.append(_("%(where)s.max_times: must be a whole number from 1 to %(most)s", where=where,
                            most=format(MAX_TIMES, ",")))
        filters = {}
        for key in ("topic", "course", "verb", "activity"):
            if item.get(key) is not None:
                filters[key] = _text(item[key], f"{where}.{key}", errors)
        if (filters.get("verb") or filters.get("activity")) and on != "xapi":
            errors.append(_("%(where)s: verb and activity filters apply only to on: xapi", where=where))
        if item.get("evidence") is not None:
            if on != "item_completed":
                errors.append(_("%(where)s: the evidence filter applies only to on: item_completed", where=where))
            elif item["evidence"] not in EVIDENCE_LEVELS:
                errors.append(_("%(where)s.evidence: must be one of %(levels)s", where=where,
                                levels=", ".join(EVIDENCE_LEVELS)))
            else:
                filters["evidence"] = item["evidence"]
        rules.append(EngagementRule(key=f"e{i}", name=name or "", on=on or "", points=points or 0,
                                    half_life_days=half_life, max_times=max_times, **filters))

    fit = []
    raw_fit = data.get("fit", [])
    if not isinstance(raw_fit, list):
        errors.append(_("fit: must be a list"))
        raw_fit = []
    for i, item in enumerate(raw_fit):
        where = f"fit[{i}]"
        if not isinstance(item, dict):
            errors.append(_("%(where)s: must be a mapping", where=where))
            continue
        _unknown(item, {"name", "field", "matches", "in", "points"}, where, errors)
        name = _unique_name(item, where, names, errors)
        field_name = item.get("field")
        if field_name not in FIT_FIELDS:
            errors.append(_("%(where)s.field: unknown field %(field)s; use one of %(fields)s", where=where,
                            field=yamlio.excerpt(repr(field_name)), fields=", ".join(FIT_FIELDS)))
        points = _number(item.get("points"), f"{where}.points", errors, high=MAX_POINTS)
        pattern, values, compiled = item.get("matches"), (), None
        if (pattern is None) == (item.get("in") is None):
            errors.append(_("%(where)s: give exactly one of matches (a regular expression) or in (a list)",
                            where=where))
        elif pattern is not None:
            if not isinstance(pattern, str):
                errors.append(_("%(where)s.matches: must be a regular expression in quotes", where=where))
            elif len(pattern) > MAX_PATTERN:
                errors.append(_("%(where)s.matches: must be at most %(most)s characters", where=where,
                                  most=MAX_PATTERN))
            else:
                try:
                    compiled = re.compile(pattern)
                except (re.error, RecursionError, OverflowError) as exc:  # deep groups recurse in the compiler
                    errors.append(_("%(where)s.matches: bad regular expression (%(problem)s)", where=where,
                                          problem=yamlio.excerpt(str(exc))))
        else:
            listed = item["in"]
            if not isinstance(listed, list) or not listed or not all(isinstance(v, str) for v in listed):
                errors.append(_("%(where)s.in: must be a non-empty list of texts", where=where))
            else:
                values = tuple(v.strip().lower() for v in listed)
        fit.append(FitRule(key=f"f{i}", name=name or "", field=field_name or "", points=points or 0,
                           pattern=pattern if compiled else None, values=values, _compiled=compiled))

    if errors:
        raise ScoringModelError(errors)
    return ScoringModel(mql=mql, sql=sql, rules=tuple(rules), fit=tuple(fit), source=data)


def dump(model_source: dict, fmt: str = "yaml") -> str:
    if fmt == "json":
        return json.dumps(model_source, indent=2, ensure_ascii=False) + "\n"
    return yamlio.dump(model_source)
