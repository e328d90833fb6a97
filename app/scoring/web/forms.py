from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.scoring.leads import LeadFilter
from app.scoring.models import LeadStage

SORT_CHOICES = [SelectChoice("score", "Score"), SelectChoice("last_activity", "Last activity"),
                SelectChoice("name", "Name")]
ORDER_CHOICES = [SelectChoice("desc", "Highest / newest / Z first"), SelectChoice("asc", "Lowest / oldest / A first")]


class LeadFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    stage = SelectField("Stage", choices=[SelectChoice("", "Any stage")]
                        + [SelectChoice(s.value, s.label) for s in LeadStage], validators=[Optional()])
    min_score = FloatField("Minimum score", validators=[Optional(), NumberRange(min=-100_000, max=100_000)],
                           render_kw={"step": "any"})
    course = SelectField("Enrolled in", choices=[], validators=[Optional()])
    company = StringField("Company contains", validators=[Optional(), Length(max=200)])
    topic = StringField("Interested in topic", validators=[Optional(), Length(max=60)])
    active_days = IntegerField("Active in the last … days", validators=[Optional(), NumberRange(min=1, max=3650)],
                               render_kw={"min": 1, "max": 3650})
    sort = SelectField("Sort by", choices=SORT_CHOICES, default="score", validators=[Optional()])
    order = SelectField("Order", choices=ORDER_CHOICES, default="desc", validators=[Optional()])

    def __init__(self, formdata, courses: list[tuple[int, str]]):
        super().__init__(formdata)
        self.course.choices = [SelectChoice("", "Any course")] + [SelectChoice(str(i), t) for i, t in courses]

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
    model = TextAreaField("Scoring model (YAML or JSON)", validators=[DataRequired(), Length(max=200_000)],
                          render_kw={"rows": 28, "spellcheck": "false", "autocomplete": "off"})


class SaveScoringModelForm(ScoringModelForm):
    note = StringField("What changed (optional)", validators=[Optional(), Length(max=200)])
