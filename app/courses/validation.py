"""Checks a parsed course file completely before anything is written.

Every problem is collected with the path of the field it concerns
(`modules[1].quiz.questions[0].correct: index 3 is out of range`), so an author fixes a file
in one pass instead of one error per import attempt. The messages are in the reader's language
(an author's upload page); the paths and field names are the file's own, the same in every
language. A command, run without a request, says them in English.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_babel.speaklater import LazyString

from app.core.names import name_problem
from app.core.yamlio import excerpt
from app.core.formatting import MAX_PRICE_AMOUNT
from app.core.markdown import MEDIA_HELP, media_embed

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CURRENCY = re.compile(r"[a-z]{3}")

# Field name -> required? Anything else in the file is refused, so a typo ("colour",
# "tpoics") is an error rather than data silently dropped.
COURSE_FIELDS = {"slug": True, "title": True, "summary": True, "image": False, "price": False, "modules": True}
PRICE_FIELDS = {"amount": True, "currency": True}
MODULE_FIELDS = {"title": True, "lessons": True, "quiz": False}
LESSON_FIELDS = {"slug": True, "title": True, "minutes": True, "topics": True, "body": True, "media": False}
QUIZ_FIELDS = {"pass_percent": True, "questions": True}
QUESTION_FIELDS = {"prompt": True, "choices": True, "correct": True, "explanation": False, "lesson": False}

# An image address: https, a host name, and only the characters a URL holds unencoded.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")
MAX_URL = 500

MAX_MINUTES = 600
MAX_CHOICES = 12
MAX_EXPLANATION = 5000  # characters of Markdown: a few paragraphs, not a second lesson
SHOWN_PROBLEMS = 50  # a page or a terminal lists this many; the rest are counted

# What the checker says, in the reader's language: lazy texts, each translated once per check and
# then filled in (`_Checker.fail`), since a 2 MB file can hold 400,000 problems ("topics": ["a",
# "a", …]) and Flask-Babel takes some 20 µs for a word.
NOT_A_COURSE = _l("the file must hold one course: a mapping with slug, title, summary and modules")
NOT_A_MAPPING = _l("must be a mapping of fields")
UNKNOWN_FIELD = _l("unknown field")
REQUIRED = _l("is required")
NOT_TEXT = _l("must be text")
YES_OR_NO = _l("must be text (YAML reads an unquoted true or false as a yes/no value: quote it)")
EMPTY = _l("must not be empty")
NOT_A_SLUG = _l("must be lowercase letters, digits and hyphens")
BAD_AMOUNT = _l("must be a positive whole number of minor units (cents) up to %(most)s, like 4900; "
                "omit price for a free course")
BAD_CURRENCY = _l("must be a three-letter lowercase ISO 4217 code, like usd or eur")
NOT_MODULES = _l("must be a list of modules")
NO_MODULE = _l("a course needs at least one module")
NO_LESSON = _l("a course needs at least one lesson")
NOT_LESSONS = _l("must be a list of lessons")
SLUG_TWICE = _l('"%(slug)s" is used twice (also at %(path)s)')
BAD_MINUTES = _l("must be a whole number of minutes from 0 to %(most)s")
BAD_MEDIA = _l("must be %(media)s")
NOT_TOPICS = _l("must be a list of topic names")
LISTED_TWICE = _l('"%(item)s" is listed twice')
BAD_PASS_PERCENT = _l("must be a whole number from 1 to 100")
NOT_QUESTIONS = _l("must be a list of questions")
NO_QUESTION = _l("a quiz needs at least one question")
NOT_CHOICES = _l("must be a list of choices")
TOO_FEW_CHOICES = _l("a question needs at least 2 choices")
NOT_INDEXES = _l("must be a list of indexes into choices (counting from 0), like [2]")
NO_RIGHT_ANSWER = _l("must list at least one right answer")
NOT_AN_INDEX = _l("%(value)s is not an index into choices (counting from 0)")
OUT_OF_RANGE = _l("index %(index)d is out of range (choices are numbered 0 to %(last)d)")
INDEX_TWICE = _l("index %(index)d is listed twice")
UNKNOWN_LESSON = _l('"%(slug)s" is not the slug of a lesson in this course')


class CourseFileError(Exception):
    """A course file that cannot be imported; `errors` lists every problem, each with its place."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors

    def brief(self, limit: int = SHOWN_PROBLEMS) -> list[str]:
        """The first `limit` problems, then a line saying how many more there are."""
        more = len(self.errors) - limit
        if more <= 0:
            return self.errors[:limit]
        return self.errors[:limit] + [ngettext("and %(count)s more", "and %(count)s more", more,
                                               count=format(more, ","))]


def validate_course(data: Any) -> None:
    """Raise CourseFileError listing every problem in `data`; return quietly when it is sound."""
    checker = _Checker()
    checker.course(data)
    if checker.errors:
        raise CourseFileError(checker.errors)


def image_problem(url: str) -> str | None:
    """Why `url` cannot be a course's image (None when it can): an https address on a named host,
    without a password in it, written with the characters of a URL (others percent-encoded)."""
    if not URL_CHARACTERS.fullmatch(url):
        return _("must be an https address of a picture, like https://cdn.example.com/course.png (no spaces; "
                 "other characters percent-encoded)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number in range)
    except ValueError:
        parts = None
    if parts is None or parts.scheme != "https" or not parts.hostname or not HOST_NAME.fullmatch(parts.hostname) \
            or parts.username is not None or parts.password is not None:
        return _("must be an https address of a picture, like https://cdn.example.com/course.png")
    return None


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        # (path, slug) of each question's `lesson`, checked once every lesson of the course is known:
        # a question may point at a lesson of a later module.
        self.lesson_links: list[tuple[str, str]] = []
        self.words: dict[int, str] = {}  # id of a lazy text -> the text in the reader's language

    def say(self, message: LazyString) -> str:
        """One of the messages above in the reader's language, its placeholders still to fill."""
        words = self.words.get(id(message))
        if words is None:
            words = self.words[id(message)] = str(message)
        return words

    def fail(self, path: str, message: str | LazyString, /, **values: Any) -> None:
        """Record a problem at `path`: a message above filled in with `values`, or a text already said."""
        if isinstance(message, LazyString):
            message = self.say(message) % values
        self.errors.append(f"{path}: {message}")

    # --- building blocks ------------------------------------------------------------------

    def fields(self, value: Any, path: str, fields: dict[str, bool]) -> dict | None:
        """The mapping itself, after reporting unknown and missing fields; None if not a mapping."""
        if not isinstance(value, dict):
            self.fail(path, NOT_A_MAPPING)
            return None
        for key in value:
            if key not in fields:
                self.fail(_at(path, excerpt(str(key), 40)), UNKNOWN_FIELD)
        for key, required in fields.items():
            if required and key not in value:
                self.fail(_at(path, key), REQUIRED)
        return value

    def text(self, value: Any, path: str, *, max_length: int | None = None, empty: bool = False,
             name: bool = False) -> bool:
        """Check a text; a `name` (a title) also may not hold NUL or bidirectional controls."""
        if not isinstance(value, str):
            self.fail(path, YES_OR_NO if isinstance(value, bool) else NOT_TEXT)
        elif not empty and not value.strip():
            self.fail(path, EMPTY)
        elif max_length and len(value) > max_length:
            self.fail(path, ngettext("must be at most %(num)d character", "must be at most %(num)d characters",
                                     max_length))
        elif name and name_problem(value):
            self.fail(path, name_problem(value))
        else:
            return True
        return False

    def slug(self, value: Any, path: str, *, max_length: int = 80) -> bool:
        if not self.text(value, path, max_length=max_length):
            return False
        if not SLUG.fullmatch(value):
            self.fail(path, NOT_A_SLUG)
            return False
        return True

    def whole(self, value: Any, path: str, low: int, high: int | None, problem: LazyString, /,
              **values: Any) -> None:
        """Check a whole number from `low` to `high`; `problem` (filled in with `values`) says which."""
        if not _is_int(value) or value < low or (high is not None and value > high):
            self.fail(path, problem, **values)

    def items(self, value: Any, path: str, not_list: LazyString, *, at_least: int = 0,
              too_few: LazyString | None = None) -> list:
        """The list's items, after checking it is a list with enough of them; [] if not a list."""
        if not isinstance(value, list):
            self.fail(path, not_list)
            return []
        if len(value) < at_least:
            self.fail(path, too_few)
        return value

    # --- the format -----------------------------------------------------------------------

    def course(self, data: Any) -> None:
        if not isinstance(data, dict):
            self.errors.append(self.say(NOT_A_COURSE))
            return
        self.fields(data, "", COURSE_FIELDS)
        if "slug" in data:
            self.slug(data["slug"], "slug")
        if "title" in data:
            self.text(data["title"], "title", max_length=200, name=True)
        if "summary" in data:
            self.text(data["summary"], "summary", empty=True)
        image = data.get("image")
        if "image" in data and self.text(image, "image", max_length=MAX_URL) and image_problem(image):
            self.fail("image", image_problem(image))
        if "price" in data:
            self.price(data["price"])
        if "modules" not in data:
            return
        modules = self.items(data["modules"], "modules", NOT_MODULES, at_least=1, too_few=NO_MODULE)
        seen_lessons: dict[str, str] = {}
        for index, module in enumerate(modules):
            self.module(module, _at("modules", index), seen_lessons)
        if modules and not any(isinstance(m, dict) and m.get("lessons") for m in modules):
            self.fail("modules", NO_LESSON)
        for path, slug in self.lesson_links:
            if slug not in seen_lessons:
                self.fail(path, UNKNOWN_LESSON, slug=excerpt(slug))

    def price(self, price: Any) -> None:
        if self.fields(price, "price", PRICE_FIELDS) is None:
            return
        if "amount" in price:
            self.whole(price["amount"], "price.amount", 1, MAX_PRICE_AMOUNT, BAD_AMOUNT,
                       most=format(MAX_PRICE_AMOUNT, ","))
        currency = price.get("currency")
        if "currency" in price and self.text(currency, "price.currency") and not CURRENCY.fullmatch(currency):
            self.fail("price.currency", BAD_CURRENCY)

    def module(self, module: Any, path: str, seen_lessons: dict[str, str]) -> None:
        if self.fields(module, path, MODULE_FIELDS) is None:
            return
        if "title" in module:
            self.text(module["title"], _at(path, "title"), max_length=200, name=True)
        if "lessons" in module:
            lessons = self.items(module["lessons"], _at(path, "lessons"), NOT_LESSONS)
            for index, lesson in enumerate(lessons):
                self.lesson(lesson, _at(_at(path, "lessons"), index), seen_lessons)
        if "quiz" in module:
            self.quiz(module["quiz"], _at(path, "quiz"))

    def lesson(self, lesson: Any, path: str, seen_lessons: dict[str, str]) -> None:
        if self.fields(lesson, path, LESSON_FIELDS) is None:
            return
        slug = lesson.get("slug")
        if "slug" in lesson and self.slug(slug, _at(path, "slug")):
            if slug in seen_lessons:
                self.fail(_at(path, "slug"), SLUG_TWICE, slug=slug, path=seen_lessons[slug])
            else:
                seen_lessons[slug] = _at(path, "slug")
        if "title" in lesson:
            self.text(lesson["title"], _at(path, "title"), max_length=200, name=True)
        if "minutes" in lesson:
            self.whole(lesson["minutes"], _at(path, "minutes"), 0, MAX_MINUTES, BAD_MINUTES, most=MAX_MINUTES)
        if "topics" in lesson:
            self.topics(lesson["topics"], _at(path, "topics"))
        if "body" in lesson:
            self.text(lesson["body"], _at(path, "body"), empty=True)
        media = lesson.get("media")
        if "media" in lesson and self.text(media, _at(path, "media"), max_length=500) and media_embed(media) is None:
            self.fail(_at(path, "media"), BAD_MEDIA, media=self.say(MEDIA_HELP))

    def topics(self, topics: Any, path: str) -> None:
        seen = set()
        for index, topic in enumerate(self.items(topics, path, NOT_TOPICS)):
            if self.slug(topic, _at(path, index), max_length=60):
                if topic in seen:
                    self.fail(_at(path, index), LISTED_TWICE, item=topic)
                seen.add(topic)

    def quiz(self, quiz: Any, path: str) -> None:
        if self.fields(quiz, path, QUIZ_FIELDS) is None:
            return
        if "pass_percent" in quiz:
            self.whole(quiz["pass_percent"], _at(path, "pass_percent"), 1, 100, BAD_PASS_PERCENT)
        if "questions" in quiz:
            questions = self.items(quiz["questions"], _at(path, "questions"), NOT_QUESTIONS, at_least=1,
                                   too_few=NO_QUESTION)
            for index, question in enumerate(questions):
                self.question(question, _at(_at(path, "questions"), index))

    def question(self, question: Any, path: str) -> None:
        if self.fields(question, path, QUESTION_FIELDS) is None:
            return
        if "prompt" in question:
            self.text(question["prompt"], _at(path, "prompt"))
        choices = []
        if "choices" in question:
            choices = self.items(question["choices"], _at(path, "choices"), NOT_CHOICES, at_least=2,
                                 too_few=TOO_FEW_CHOICES)
            if len(choices) > MAX_CHOICES:
                self.fail(_at(path, "choices"), ngettext("must have at most %(num)d choice",
                                                         "must have at most %(num)d choices", MAX_CHOICES))
            seen = set()
            for index, choice in enumerate(choices):
                if self.text(choice, _at(_at(path, "choices"), index), max_length=500):
                    if choice in seen:
                        self.fail(_at(_at(path, "choices"), index), LISTED_TWICE, item=excerpt(choice))
                    seen.add(choice)
        if "correct" in question:
            self.correct(question["correct"], _at(path, "correct"), len(choices))
        if "explanation" in question:
            self.text(question["explanation"], _at(path, "explanation"), max_length=MAX_EXPLANATION)
        lesson = question.get("lesson")
        if "lesson" in question and self.slug(lesson, _at(path, "lesson")):
            self.lesson_links.append((_at(path, "lesson"), lesson))

    def correct(self, correct: Any, path: str, choice_count: int) -> None:
        if not isinstance(correct, list):
            self.fail(path, NOT_INDEXES)
            return
        if not correct:
            self.fail(path, NO_RIGHT_ANSWER)
        seen = set()
        for value in correct:
            if not _is_int(value):
                self.fail(path, NOT_AN_INDEX, value=excerpt(repr(value)))
            elif choice_count and not 0 <= value < choice_count:
                self.fail(path, OUT_OF_RANGE, index=value, last=choice_count - 1)
            elif value in seen:
                self.fail(path, INDEX_TWICE, index=value)
            else:
                seen.add(value)
