from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import Optional


class RetryForm(FlaskForm):
    user_id = IntegerField(validators=[Optional()])  # empty: retry every dead letter
