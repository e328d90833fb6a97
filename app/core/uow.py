"""One unit of work at the edge: a view, a CLI command or a background task commits what it did
once, or nothing at all. Domain functions only flush (STYLE §5); this is where their work is kept,
and what the block asks of background work (a mail, a task) leaves only once it commits.

    with unit_of_work(AccountError, flash_error=True) as work:
        service.set_role(user, role, by=current_user)
    if work.ok:
        flash("…", "success")

Inside the block, an exception of the `refused` types (a domain error: the request asked for
something the domain said no to) rolls everything back and is kept on `work.error`; with
`flash_error` its message is flashed, with `abort_with` the request ends in that HTTP error. An
exception of the `keep` types also ends the block but its work is committed (a failed checkout
keeps its order, for the admins to see). Any other exception rolls back and goes on up. A commit
that fails with a `refused` type (another request saved the same thing first) counts as refused.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import abort, flash
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.extensions import db

Errors = type[BaseException] | tuple[type[BaseException], ...]
_DEPTH = "primer.unit_of_work.depth"


@dataclass
class Work:
    """How the block went: `error` is the refused (or kept) domain error, None if all went through."""

    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@contextmanager
def unit_of_work(*refused: type[BaseException], keep: Errors = (), flash_error: bool = False,
                 abort_with: int | None = None, convenience: bool = False,
                 expire_on_commit: bool = True) -> Iterator[Work]:
    """Commit the block's work, or roll it back (see the module's docstring).

    `convenience`: the work only remembers conveniences, committed without waiting for the disk
    (see commit_convenience). `expire_on_commit=False`: what the request loaded stays loaded after
    the commit, so a page rendered after it does not read it again — only where the page shows
    nothing the commit changed."""
    work = Work()
    session = db.session()
    try:
        try:
            session.info[_DEPTH] = session.info.get(_DEPTH, 0) + 1
            try:
                yield work
            finally:
                session.info[_DEPTH] -= 1
        except keep as error:
            work.error = error  # the domain said no, but what was done stands
        _commit(session, convenience, expire_on_commit)
    except refused as error:
        session.rollback()
        work.error = error
        if flash_error:
            flash(str(error), "error")
        if abort_with is not None:
            abort(abort_with)
    except BaseException:
        session.rollback()
        raise


def in_unit_of_work(session: Session) -> bool:
    """Whether a unit of work's block is running on this session: what is asked now (a mail, a
    background task) waits for its commit (core.tasks)."""
    return session.info.get(_DEPTH, 0) > 0


def _commit(session: Session, convenience: bool, expire_on_commit: bool) -> None:
    kept = session.expire_on_commit
    session.expire_on_commit = expire_on_commit
    try:
        if convenience:
            commit_convenience(session)
        else:
            session.commit()
    finally:
        session.expire_on_commit = kept


def commit_convenience(session: Session) -> None:
    """Commit a transaction that only remembers conveniences (where a learner left off), without
    waiting for PostgreSQL to flush it to disk: a crash may lose the last moment of them, never
    anything a learner did. Other databases, and transactions with nothing to write, just commit."""
    if (session.dirty or session.new or session.deleted) and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    session.commit()
