"""What an authoring save can fail with; the view rolls back and shows the message."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

STALE_MESSAGE = _l("Someone else saved this course since you opened it — reload to see their changes, "
                   "then make yours again. Nothing was saved.")


class AuthoringError(Exception):
    """A save that was refused as a whole: nothing of it may be committed."""


class StaleCourse(AuthoringError):
    """The form was loaded from an older version of the course than the one saved now."""

    def __init__(self) -> None:
        super().__init__(str(STALE_MESSAGE))


class Invalid(AuthoringError):
    """Problems with what was sent, by the name of the field they belong to ("" for the whole)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in errors.items()))
        self.errors = errors

    @classmethod
    def on(cls, field: str, message: str) -> Invalid:
        return cls({field: [message]})


class BadCourseFile(AuthoringError):
    """An uploaded course file that cannot be imported: its first `problems`, of `count` in all."""

    def __init__(self, problems: list[str], count: int) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.count = count


class ReplaceUnconfirmed(AuthoringError):
    """An uploaded file would replace a course the upload page was not loaded for."""

    def __init__(self, slug: str) -> None:
        super().__init__(_("A course with the slug “%(slug)s” is already in Primer, and this upload was not "
                           "started from its page, so Primer cannot tell whether the file holds its latest changes. "
                           "Upload it from the course's page, or tick “Replace the course” to overwrite it. "
                           "Nothing was saved.", slug=slug))
