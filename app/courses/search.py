"""Full-text search over courses, native to each database: one search document per course.

A document holds, from most to least telling:
  A  the course's title
  B  its summary and the topics its live lessons carry
  C  its live lessons' titles
  D  its live lessons' bodies (the Markdown as written)
The catalog ranks a course by the best of these a search is satisfied by (`tiers`: found in the
title, else in the title with the summary and topics, …, else only with the bodies), then by the
database's own relevance score within that tier.

PostgreSQL: the table `course_search` (course_id, document tsvector), the parts weighted A–D with
setweight, a GIN index, searched with websearch_to_tsquery (quotes, `or`, `-word`). SQLite: an FTS5
table of the same name with one column per part (rowid = course id); the search text is turned
into an FTS5 expression here, every word quoted, with the same `"phrase"`, `or` and `-word`.
Both stem English words ('english' configuration, FTS5's porter tokenizer), so "pricing" finds
"price" and "integrations" "integration": the demo and most product training are written in
English, and searches are typed as whole words, where stemming helps more than a language-neutral
'simple' configuration would. English stop words ("how", "to") are ignored on both. The last word
typed also matches as a prefix ("pric" finds "pricing").

The table is not among the models (it differs per database): migration 0008 creates it (and, on
SQLite, a trigger that drops a course's row with the course, as PostgreSQL's foreign key does), and
migrations/env.py keeps autogenerate away from it.

Kept current in the transaction of every save: `index_course` rebuilds one course's document
from its rows, in the database, with one or two statements whatever the course's size;
`reindex_all` rebuilds every course's (`flask courses reindex`). Drafts are indexed too: the
catalog keeps to published courses, so publishing and unpublishing need no new document.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, case, column, false, func, literal, literal_column, select, table, text

from app.core.extensions import db
from app.courses.models import Course

MAX_QUERY = 200  # characters of a search kept; the rest is ignored
# Characters of each part indexed: a tsvector must stay under 1 MB however large a course is.
MAX_SUMMARY, MAX_TOPICS, MAX_LESSON_TITLES, MAX_BODIES = 10_000, 10_000, 20_000, 60_000
CONFIG = "english"

# PostgreSQL's english.stop, which its 'english' configuration drops from documents and queries;
# dropped from SQLite's queries too, so a search finds the same courses on both.
STOP_WORDS = frozenset("""
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if
    or because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now
""".split())

_WORD = re.compile(r"[^\W_]+")  # letters and digits, in any script
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')


# --- keeping the index -------------------------------------------------------------------------

_LIVE_LESSONS = """
    FROM lessons JOIN modules ON modules.id = lessons.module_id
    WHERE lessons.course_id = c.id AND lessons.retired_at IS NULL AND modules.retired_at IS NULL"""
_LIVE_TOPICS = _LIVE_LESSONS.replace(
    "WHERE", "JOIN lesson_topics ON lesson_topics.lesson_id = lessons.id "
             "JOIN topics ON topics.id = lesson_topics.topic_id\n    WHERE", 1)

_POSTGRES_INDEX = f"""
INSERT INTO course_search (course_id, document)
SELECT c.id,
       setweight(to_tsvector('{CONFIG}', c.title), 'A')
       || setweight(to_tsvector('{CONFIG}', left(c.summary, {MAX_SUMMARY}) || ' ' || coalesce(t.names, '')), 'B')
       || setweight(to_tsvector('{CONFIG}', coalesce(l.titles, '')), 'C')
       || setweight(to_tsvector('{CONFIG}', coalesce(l.bodies, '')), 'D')
FROM courses AS c
LEFT JOIN LATERAL (
    SELECT left(string_agg(lessons.title, ' ' ORDER BY modules.position, lessons.position),
                {MAX_LESSON_TITLES}) AS titles,
           left(string_agg(lessons.body, E'\\n\\n' ORDER BY modules.position, lessons.position),
                {MAX_BODIES}) AS bodies
    {_LIVE_LESSONS}
) AS l ON true
LEFT JOIN LATERAL (
    SELECT left(string_agg(DISTINCT topics.name, ' '), {MAX_TOPICS}) AS names
    {_LIVE_TOPICS}
) AS t ON true
WHERE {{which}}
ON CONFLICT (course_id) DO UPDATE SET document = EXCLUDED.document
"""

# group_concat has no ORDER BY before SQLite 3.44: the parts come in the table's order, which
# only matters for what a course past the limits loses.
_SQLITE_INDEX = f"""
INSERT INTO course_search (rowid, title, summary, topics, lesson_titles, lesson_bodies)
SELECT c.id, c.title, substr(c.summary, 1, {MAX_SUMMARY}),
       coalesce((SELECT substr(group_concat(DISTINCT topics.name), 1, {MAX_TOPICS}) {_LIVE_TOPICS}), ''),
       coalesce((SELECT substr(group_concat(lessons.title, ' '), 1, {MAX_LESSON_TITLES}) {_LIVE_LESSONS}), ''),
       coalesce((SELECT substr(group_concat(lessons.body, char(10)), 1, {MAX_BODIES}) {_LIVE_LESSONS}), '')
FROM courses AS c
WHERE {{which}}
"""


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def index_course(course: Course) -> None:
    """Rebuild the course's search document from what is in the database now (flushed first).

    Called by every save that changes what is searched: the importer, the editors (header,
    lessons, retiring, publishing). Flushes only.
    """
    db.session.flush()
    if _dialect() == "postgresql":
        db.session.execute(text(_POSTGRES_INDEX.format(which="c.id = :course_id")), {"course_id": course.id})
    else:
        db.session.execute(text("DELETE FROM course_search WHERE rowid = :course_id"), {"course_id": course.id})
        db.session.execute(text(_SQLITE_INDEX.format(which="c.id = :course_id")), {"course_id": course.id})


def reindex_all() -> int:
    """Rebuild every course's search document; returns how many courses there are. Flushes only."""
    db.session.flush()
    if _dialect() == "postgresql":
        db.session.execute(text("DELETE FROM course_search"))
        db.session.execute(text(_POSTGRES_INDEX.format(which="true")))
    else:
        db.session.execute(text("DELETE FROM course_search"))
        db.session.execute(text(_SQLITE_INDEX.format(which="1")))
    return db.session.scalar(select(func.count()).select_from(Course)) or 0


# --- reading a search ----------------------------------------------------------------------------

def clean(search: str | None) -> str:
    """The search as it is used and shown: control and format characters (NUL, bidirectional
    controls) become spaces, runs of spaces one, and it is cut to MAX_QUERY characters."""
    kept = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in (search or "")[:MAX_QUERY * 4])
    return " ".join(kept.split())[:MAX_QUERY].strip()


@dataclass(frozen=True)
class Term:
    """A word, or a phrase (quoted, or words joined like "sign-on"), that a course must hold
    (or, `negated`, must not)."""

    words: tuple[str, ...]
    quoted: bool = False
    negated: bool = False
    prefix: bool = False  # the last word typed: also matches longer words it begins


def parse(search: str) -> list[list[Term]]:
    """The search's alternatives (split at `or`), each the terms a course must satisfy at once;
    terms without a letter or digit, and lone English stop words, are left out."""
    groups: list[list[Term]] = [[]]
    tokens = list(_TOKEN.finditer(search))
    for n, token in enumerate(tokens):
        sign, quoted, bare = token.groups()
        if bare is not None and not sign and bare.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        words = tuple(word.lower() for word in _WORD.findall(quoted if quoted is not None else bare))
        if not words or (bare is not None and len(words) == 1 and words[0] in STOP_WORDS):
            continue
        last = n == len(tokens) - 1
        prefix = last and bare is not None and not sign and bare[-1].isalnum()
        groups[-1].append(Term(words, quoted=quoted is not None, negated=bool(sign), prefix=prefix))
    return [group for group in groups if group]


def fts5_expression(search: str) -> str | None:
    """The search as an FTS5 query: every word quoted (so nothing typed is FTS5 syntax), the
    terms of an alternative joined by AND, its negated terms after NOT, alternatives by OR.
    None when nothing can be searched for (an alternative of only negated terms is dropped: FTS5
    cannot ask for "not x" alone)."""
    alternatives = []
    for group in parse(search):
        wanted = [_fts5_phrase(term) for term in group if not term.negated]
        if not wanted:
            continue
        unwanted = "".join(f" NOT {_fts5_phrase(term)}" for term in group if term.negated)
        alternatives.append(f"(({' AND '.join(wanted)}){unwanted})")
    return " OR ".join(alternatives) or None


def _fts5_phrase(term: Term) -> str:
    # Words hold letters and digits only, so a double quote cannot end the string early.
    return '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")


def _tsquery(search: str) -> ColumnElement:
    """The search as a PostgreSQL tsquery: websearch_to_tsquery, which reads any text without a
    syntax error, with the last word (when typed bare) as a prefix: `'word':*`."""
    config = literal_column(f"'{CONFIG}'::regconfig")
    terms = [term for group in parse(search) for term in group]
    tokens = search.split()
    last = tokens[-1] if tokens else ""
    if terms and terms[-1].prefix and last.isalnum() and (len(tokens) < 2 or tokens[-2].lower() != "or"):
        head = search[: len(search) - len(last)]
        # `last` holds letters and digits only, so quoted it is one to_tsquery operand.
        return func.websearch_to_tsquery(config, head).op("&&")(func.to_tsquery(config, f"'{last}':*"))
    return func.websearch_to_tsquery(config, search)


# --- matching courses --------------------------------------------------------------------------

_POSTGRES = table("course_search", column("course_id"), column("document"))
_SQLITE = table("course_search", column("rowid"))
_FTS5 = literal_column("course_search")
# Within a tier, FTS5's bm25 with these weights per column (title … lesson bodies).
_BM25_WEIGHTS = (10.0, 4.0, 4.0, 2.0, 1.0)
# The parts that satisfy a search in each tier: PostgreSQL's weights, FTS5's columns.
_TIERS = (("{a}", "title"), ("{a,b}", "title summary topics"), ("{a,b,c}", "title summary topics lesson_titles"))


@dataclass(frozen=True)
class Match:
    """A search's part of the catalog query: join the index and keep the matching courses
    (`apply`), and rank them, best first (`order`)."""

    backend: str
    expression: ColumnElement | str | None  # a tsquery (PostgreSQL), an FTS5 query (SQLite); None finds nothing

    def apply(self, query: Select) -> Select:
        if self.expression is None:
            return query.where(false())
        if self.backend == "postgresql":
            return query.join(_POSTGRES, _POSTGRES.c.course_id == Course.id).where(
                _POSTGRES.c.document.op("@@")(self.expression))
        return query.join(_SQLITE, _SQLITE.c.rowid == Course.id).where(_FTS5.op("MATCH")(self.expression))

    def order(self) -> list[ColumnElement]:
        if self.expression is None:
            return []
        return [self.tier().desc(), self.relevance()]

    def tier(self) -> ColumnElement:
        """3 when the title alone satisfies the search, 2 with the summary and topics, 1 with the
        lesson titles, else 0 (the lesson bodies were needed)."""
        if self.backend == "postgresql":
            document = _POSTGRES.c.document
            reached = [func.ts_filter(document, literal_column(f"'{weights}'::\"char\"[]")).op("@@")(self.expression)
                       for weights, _ in _TIERS]
        else:  # the same search, kept to the tier's columns by an FTS5 column filter
            reached = [_SQLITE.c.rowid.in_(
                select(_SQLITE.c.rowid).where(_FTS5.op("MATCH")(literal(f"{{{columns}}} : ({self.expression})")))
                .correlate(None)) for _, columns in _TIERS]
        return case(*((condition, 3 - n) for n, condition in enumerate(reached)), else_=0)

    def relevance(self) -> ColumnElement:
        """The database's own score, best first."""
        if self.backend == "postgresql":
            return func.ts_rank(_POSTGRES.c.document, self.expression).desc()
        return func.bm25(_FTS5, *_BM25_WEIGHTS).asc()  # bm25 is lower for better matches


def match(search: str) -> Match:
    """The courses a (cleaned) search finds, and how they rank; see the module's docstring."""
    backend = _dialect()
    if backend == "postgresql":
        # As on SQLite, a search of nothing but excluded words finds nothing.
        wanted = any(not term.negated for group in parse(search) for term in group)
        return Match(backend, _tsquery(search) if wanted else None)
    return Match(backend, fts5_expression(search))
