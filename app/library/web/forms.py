from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.widgets import HiddenInput
from wtforms.validators import NumberRange, Optional

from app.library.models import KIND_LABELS, ItemKind

URL_FIELD = dict(render_kw={"inputmode": "url", "spellcheck": "false", "autocomplete": "url"})


class SuggestForm(FlaskForm):
    url = StringField(_l("Address"), description=_l("Of a video, a podcast episode, an article or a page."), **URL_FIELD)
    reason = TextAreaField(_l("Why others would learn from it"), render_kw={"rows": 4, "maxlength": 1000})


class AddForm(FlaskForm):
    url = StringField(_l("Address"), description=_l("Primer fetches its title, summary, length and player for you."),
                      **URL_FIELD)
    document = FileField(_l("Or upload a PDF"), description=_l("At most 20 MB."))


class ItemForm(FlaskForm):
    # The item's version when the page was loaded: a save over someone else's is refused.
    version = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])
    title = StringField(_l("Title"), render_kw={"maxlength": 200})
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, KIND_LABELS[k.value]) for k in ItemKind])
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 5})
    topics = StringField(_l("Topics"), description=_l("Lower-case, separated by commas: pricing, single-sign-on."))
    language = StringField(_l("Language"), description=_l("Its code: en, cs, de…"), render_kw={"maxlength": 20})
    minutes = IntegerField(_l("Minutes"), description=_l("How long it takes to watch, listen to or read."),
                           validators=[Optional(), NumberRange(min=1, max=1440)])
    source = StringField(_l("Source"), description=_l("Who made it: a channel, a site, a team."),
                         render_kw={"maxlength": 200})


class MoveForm(FlaskForm):
    """A move through the workflow: only its CSRF token (the button is authoring/_macros.html's)."""
