"""Author forms. They parse what was typed; the course-file rules (authoring.rules) judge it,
so the browser and `flask courses import` accept and refuse the same things."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField,
                     ValidationError)
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from app.authoring.courses import CourseHeader
from app.authoring.quizzes import QuestionDraft
from app.authoring.structure import LessonDraft
from app.core.extensions import BIGINT_MAX
from app.core.formatting import MAX_PRICE_AMOUNT, ZERO_DECIMAL


class VersionForm(FlaskForm):
    """Every edit carries the course version its page was loaded with (see authoring.versioning)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])


class CourseForm(VersionForm):
    title = StringField(_l("Title"))
    slug = StringField(_l("Slug"), description=_l("Lowercase letters, digits and hyphens; it is the course's address "
                       "(/courses/<slug>) and scoring rules name it. Left empty, it is made from the title."))
    summary = TextAreaField(_l("Summary"), description=_l("One paragraph for the catalog."), render_kw={"rows": 4})
    price = StringField(_l("Price"), description=_l("Leave empty for a free course; otherwise the amount in the "
                        "currency's main unit, like 49.00."))
    currency = StringField(_l("Currency"), default="usd", description=_l("Three-letter ISO code, like usd or eur."))
    image = StringField(_l("Image address"), description=_l("Optional: an https address of a picture for the "
                        "course's card in the catalog, like https://cdn.example.com/course.png."))

    def validate_price(self, field) -> None:
        self.price_amount()  # raises ValidationError with a readable message

    def price_amount(self) -> int | None:
        """The price in minor units (cents), or None for a free course."""
        text = (self.price.data or "").strip().replace(",", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Enter an amount like 49.00, or leave it empty for a free course.")) from None
        zero_decimal = (self.currency.data or "").strip().lower() in ZERO_DECIMAL
        decimals = 0 if zero_decimal else 2
        if not value.is_finite() or value <= 0:
            raise ValidationError(_("Enter a positive amount with at most %(decimals)s decimals, or leave it "
                                    "empty for a free course.", decimals=decimals))
        largest = Decimal(MAX_PRICE_AMOUNT).scaleb(-decimals)
        if value > largest:  # checked before scaling: 1e999999 would overflow, and has no price
            raise ValidationError(_("Enter an amount of at most %(largest)s.", largest="{:,}".format(largest)))
        minor = value.scaleb(decimals)
        if minor != minor.to_integral_value():
            raise ValidationError(_("Enter a positive amount with at most %(decimals)s decimals, or leave it "
                                    "empty for a free course.", decimals=decimals))
        return int(minor)

    def header(self) -> CourseHeader:
        amount = self.price_amount()
        return CourseHeader((self.slug.data or "").strip(), (self.title.data or "").strip(), self.summary.data or "",
                            amount, (self.currency.data or "").strip().lower() if amount is not None else None,
                            (self.image.data or "").strip())


class ModuleForm(VersionForm):
    title = StringField(_l("Module title"))


class LessonForm(VersionForm):
    title = StringField(_l("Title"))
    slug = StringField(_l("Slug"), description=_l("The lesson's address within the course. Left empty, it is made "
                       "from the title. Learners' progress follows the lesson, not its slug."))
    minutes = IntegerField(_l("Minutes to read"), validators=[Optional()], default=5, render_kw={"min": 0, "max": 600})
    body = TextAreaField(_l("Body (Markdown)"), render_kw={"rows": 18, "spellcheck": "true"},
                         description=_l("Markdown: # headings, **bold**, lists, links, images, tables, code. "
                         "Raw HTML is shown as text."))
    media = StringField(_l("Video or audio (optional)"), description=_l("A YouTube or Vimeo page, or an http(s) link "
                        "to a .mp4, .webm, .ogg, .mp3, .m4a or .wav file."))
    topics = SelectMultipleField(_l("Topics"), choices=[], validate_choice=False)
    new_topics = StringField(_l("Add new topics"), description=_l("Comma-separated, like pricing, single-sign-on. "
                             "Topics become interest signals for sales."))

    def draft(self) -> LessonDraft:
        return LessonDraft(title=(self.title.data or "").strip(), slug=(self.slug.data or "").strip(),
                           minutes=self.minutes.data, body=(self.body.data or "").replace("\r\n", "\n"),
                           media=self.media.data or "", topics=list(self.topics.data or []),
                           new_topics=(self.new_topics.data or "").split(","))


class QuestionForm(VersionForm):
    prompt = TextAreaField(_l("Question"), render_kw={"rows": 2})
    choices = TextAreaField(_l("Choices, one per line"), render_kw={"rows": 5})
    correct = StringField(_l("Right answers"), description=_l("The numbers of the right choices, counting the lines "
                          "from 1: like 2, or 1, 3 when several are right (learners then tick every right one)."))
    explanation = TextAreaField(_l("Explanation (optional, Markdown)"), render_kw={"rows": 4, "spellcheck": "true"},
                                description=_l("Shown with the learner's results: why the right answer is right. "
                                "Learners who have not passed the quiz yet read it too, so explain the idea "
                                "rather than naming the answer."))
    # The course's live lessons are its choices (see with_lessons); "" is the default.
    lesson = SelectField(_l("Lesson that teaches it"), choices=[], validate_choice=False,
                         description=_l("The results link to it, so a learner who got this wrong can read up."))

    def choice_lines(self) -> list[str]:
        return [line.strip() for line in (self.choices.data or "").splitlines() if line.strip()]

    def validate_correct(self, field) -> None:
        self.right_indexes()

    def right_indexes(self) -> list[int]:
        """The right choices as indexes counting from 0 (the course file's way)."""
        parts = [p.strip() for p in (self.correct.data or "").replace(";", ",").split(",") if p.strip()]
        if not parts:
            raise ValidationError(_("Give the number of at least one right choice."))
        count, numbers = len(self.choice_lines()), []
        for part in parts:
            # ASCII digits only ("²" is a digit to str.isdigit but not to int), and few of them:
            # int() refuses numbers of more than 4,300 digits, and no question has 1,000 choices.
            if not (part.isascii() and part.isdigit() and len(part) <= 3) or not 1 <= int(part) <= max(count, 1):
                shown = part if len(part) <= 20 else part[:20] + "…"
                raise ValidationError(_('"%(shown)s" is not the number of a choice (1 to %(count)s).', shown=shown,
                                        count=count))
            if int(part) in numbers:
                raise ValidationError(_("%(part)s is listed twice.", part=part))
            numbers.append(int(part))
        return [n - 1 for n in sorted(numbers)]

    def validate_lesson(self, field) -> None:
        self.lesson_id()

    def lesson_id(self) -> int | None:
        """The lesson picked, by id; None for the module's first (whether it is the course's is the
        domain's to say)."""
        value = (self.lesson.data or "").strip()
        if not value:
            return None
        # A number past a 64-bit id is no lesson, and must not reach (and overflow in) the database.
        if not (value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= BIGINT_MAX):
            raise ValidationError(_("Choose one of the lessons listed."))
        return int(value)

    def with_lessons(self, lessons: list[tuple[int, str]]) -> QuestionForm:
        """Offer the course's lessons, (id, label) in reading order, after the default."""
        self.lesson.choices = [("", _("The module's first lesson"))] + [(str(i), label) for i, label in lessons]
        return self

    def draft(self) -> QuestionDraft:
        return QuestionDraft((self.prompt.data or "").strip(), self.choice_lines(), self.right_indexes(),
                             (self.explanation.data or "").replace("\r\n", "\n").strip(), self.lesson_id())

    @classmethod
    def of(cls, question) -> QuestionForm:
        return cls(prompt=question.prompt, choices="\n".join(question.choices),
                   correct=", ".join(str(i + 1) for i in question.correct), explanation=question.explanation,
                   lesson=str(question.lesson_id) if question.lesson_id else "")


class QuizForm(VersionForm):
    pass_percent = IntegerField(_l("Pass mark (%)"), default=70, validators=[Optional()],
                                render_kw={"min": 1, "max": 100})


class NewQuizForm(QuizForm, QuestionForm):
    """A quiz is created with its first question, so it is never empty."""


class UploadForm(VersionForm):
    """A course file; opened from a course's page it carries that course (`course`) and its version."""

    course = StringField(widget=HiddenInput(), validators=[Optional()])
    file = FileField(_l("Course file (YAML or JSON)"), validators=[FileRequired(_l("Choose a course file to upload."))],
                     render_kw={"accept": ".yaml,.yml,.json"})
    draft = BooleanField(_l("Import as a draft, hidden from the catalog"),
                         description=_l("Unticked, the course is published, as `flask courses import` does. "
                         "A course already in Primer with the same slug is updated in place; learners keep "
                         "their progress."))
    replace = BooleanField(_l("Replace the course even if it changed since this page was loaded"),
                           description=_l("Needed for a course already in Primer when this page was not opened from "
                           "its page, or when someone saved it since: their changes are then overwritten."))

    def loaded(self) -> tuple[str, int | None] | None:
        """The course this page was opened for and its version then; None from the plain upload page."""
        return (self.course.data, self.version.data) if self.course.data else None
