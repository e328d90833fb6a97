from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.scoring.leads import LeadFilter
from app.scoring.models import LeadStage

SORT_CHOICES = [SelectChoice("score", _l("Score")), SelectChoice("last_activity", _l("Last activity")),
                SelectChoice("name", _l("Name"))]
ORDER_CHOICES = [SelectChoice("desc", _l("Highest / newest / Z first")),
                 SelectChoice("asc", _l("Lowest / oldest / A first"))]


class LeadFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    stage = SelectField(_l("Stage"), choices=[SelectChoice("", _l("Any stage"))]
                        + [SelectChoice(s.value, s.label) for s in LeadStage], validators=[Optional()])
    min_score = FloatField(_l("Minimum score"), validators=[Optional(), NumberRange(min=-100_000, max=100_000)],
                           render_kw={"step": "any"})
    course = SelectField(_l("Enrolled in"), choices=[], validators=[Optional()])
    company = StringField(_l("Company contains"), validators=[Optional(), Length(max=200)])
    topic = StringField(_l("Interested in topic"), validators=[Optional(), Length(max=60)])
    active_days = IntegerField(_l("Active in the last … days"), validators=[Optional(), NumberRange(min=1, max=3650)],
                               render_kw={"min": 1, "max": 3650})
    sort = SelectField(_l("Sort by"), choices=SORT_CHOICES, default="score", validators=[Optional()])
    order = SelectField(_l("Order"), choices=ORDER_CHOICES, default="desc", validators=[Optional()])

    def __init__(self, formdata, courses: list[tuple[int, str]]):
        super().__init__(formdata)
        self.course.choices = [SelectChoice("", _l("Any course"))] + [SelectChoice(str(i), t) for i, t in courses]

    def wanted(self) -> LeadFilter:
        """The filter asked for; a field that does not validate is left out (and shows its error)."""
        self.validate()

        def good(field):
            return None if field.errors or field.data in (None, "") else field.data

        return LeadFilter(
            stage=LeadStage(good(self.stage)) if good(self.stage) else None,
            min_score=good(self.min_score),
            course_id=int(good(self.course)) if good(self.course) else None,
            company=good(self.company) or "",
            topic=good(self.topic) or "",
            active_days=good(self.active_days),
            sort=good(self.sort) or "score",
            descending=(good(self.order) or "desc") == "desc",
        )


class ScoringModelForm(FlaskForm):
    model = TextAreaField(_l("Scoring model (YAML or JSON)"), validators=[DataRequired(), Length(max=200_000)],
                          render_kw={"rows": 28, "spellcheck": "false", "autocomplete": "off"})


class SaveScoringModelForm(ScoringModelForm):
    note = StringField(_l("What changed (optional)"), validators=[Optional(), Length(max=200)])
