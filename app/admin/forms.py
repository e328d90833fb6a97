from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from app.accounts.models import Role


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label) for r in Role])


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Search by email, name or company", validators=[Optional()])
    role = SelectField("Role", choices=[SelectChoice("", "Any role")] + [SelectChoice(r.value, r.label) for r in Role],
                       validators=[Optional()])


class RetryForm(FlaskForm):
    user_id = IntegerField(validators=[Optional()])  # empty: retry every dead letter
