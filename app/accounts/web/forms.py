from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.core.roles import Role
from app.accounts.models import SalesAlerts
from app.accounts.notifications import SALES_ALERT_LABELS
from app.accounts.service import CONSENT_WORDING, AccountError
from app.core.i18n import LANGUAGES, time_zones
from app.core.names import PlainName

def trimmed(text):
    """What surrounds a typed detail (spaces, a stray line break) is not part of it."""
    return text.strip() if isinstance(text, str) else text


# Lengths are checked again, with the policy's own message, by the accounts service.
PASSWORD_FIELD = dict(validators=[DataRequired()], render_kw={"autocomplete": "new-password"})


class SignupForm(FlaskForm):
    email = EmailField("Work email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField("Password", description="At least 8 characters. Long passphrases are welcome.",
                             **PASSWORD_FIELD)
    first_name = StringField("First name", validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField("Last name", validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed],
                            render_kw={"autocomplete": "family-name"})
    company = StringField("Company", validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed],
                          render_kw={"autocomplete": "organization"})
    job_title = StringField("Job title", validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed],
                            render_kw={"autocomplete": "organization-title"})
    consent_contact = BooleanField(CONSENT_WORDING, default=False)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"})
    password = PasswordField("Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"})


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", **PASSWORD_FIELD)
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField("New password", **PASSWORD_FIELD)
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class ProfileForm(FlaskForm):
    first_name = StringField("First name", validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed])
    last_name = StringField("Last name", validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed])
    company = StringField("Company", validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed])
    country = StringField("Country", validators=[Optional(), Length(max=100), PlainName()], filters=[trimmed])
    consent_contact = BooleanField(CONSENT_WORDING)


class PreferencesForm(FlaskForm):
    locale = SelectField("Language", choices=[SelectChoice("", "Automatic (your browser's language)")]
                         + [SelectChoice(code, name) for code, name in LANGUAGES.items()], validators=[Optional()])
    time_zone = SelectField("Time zone", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice("", "Automatic (the site's time zone)")] + [
            SelectChoice(zone, zone.replace("_", " ")) for zone in time_zones()]


class NotificationsForm(FlaskForm):
    """Which optional emails the person gets; `sales_alerts` is removed for people who are not in
    sales (nor admins), so their form never changes it."""

    course_tips = BooleanField(_l("Welcome and course suggestions"))
    sales_alerts = RadioField(_l("New sales-qualified leads"), default=SalesAlerts.OFF.value,
                              choices=[SelectChoice(value.value, label) for value, label in SALES_ALERT_LABELS.items()])

    def __init__(self, *args, sales: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not sales:
            del self.sales_alerts


class InvitationPasswordForm(FlaskForm):
    password = PasswordField("Choose a password", description="At least 8 characters. Long passphrases are welcome.",
                             **PASSWORD_FIELD)
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label) for r in Role], default=Role.AUTHOR.value)
    first_name = StringField("First name (optional)", validators=[Optional(), Length(max=100), PlainName()], filters=[trimmed])
    last_name = StringField("Last name (optional)", validators=[Optional(), Length(max=100), PlainName()], filters=[trimmed])


def show_errors(form, error: AccountError) -> None:
    """Put a domain error on the form field it names, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label) for r in Role])


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Search by email, name or company", validators=[Optional()])
    role = SelectField("Role", choices=[SelectChoice("", "Any role")] + [SelectChoice(r.value, r.label) for r in Role],
                       validators=[Optional()])
