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

def role_choices() -> list[SelectChoice]:
    """The roles, named in the reader's language (asked for each form, not once at import)."""
    return [SelectChoice(r.value, r.label) for r in Role]


def trimmed(text):
    """What surrounds a typed detail (spaces, a stray line break) is not part of it."""
    return text.strip() if isinstance(text, str) else text


# Lengths are checked again, with the policy's own message, by the accounts service.
PASSWORD_FIELD = dict(validators=[DataRequired()], render_kw={"autocomplete": "new-password"})


class SignupForm(FlaskForm):
    email = EmailField(_l("Work email"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), description=_l("At least 8 characters. Long passphrases are welcome."),
                             **PASSWORD_FIELD)
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed],
                            render_kw={"autocomplete": "family-name"})
    company = StringField(_l("Company"), validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed],
                          render_kw={"autocomplete": "organization"})
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed],
                            render_kw={"autocomplete": "organization-title"})
    consent_contact = BooleanField(CONSENT_WORDING, default=False)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"})


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), **PASSWORD_FIELD)
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), **PASSWORD_FIELD)
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class ProfileForm(FlaskForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100), PlainName()], filters=[trimmed])
    company = StringField(_l("Company"), validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=200), PlainName()], filters=[trimmed])
    country = StringField(_l("Country"), validators=[Optional(), Length(max=100), PlainName()], filters=[trimmed])
    consent_contact = BooleanField(CONSENT_WORDING)


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[SelectChoice("", _l("Automatic (your browser's language)"))]
                         + [SelectChoice(code, name) for code, name in LANGUAGES.items()], validators=[Optional()])
    time_zone = SelectField(_l("Time zone"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice("", _l("Automatic (the site's time zone)"))] + [
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
    password = PasswordField(_l("Choose a password"), description=_l("At least 8 characters. Long passphrases are welcome."),
                             **PASSWORD_FIELD)
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=role_choices, default=Role.AUTHOR.value)
    first_name = StringField(_l("First name (optional)"), validators=[Optional(), Length(max=100), PlainName()], filters=[trimmed])
    last_name = StringField(_l("Last name (optional)"), validators=[Optional(), Length(max=100), PlainName()], filters=[trimmed])


def show_errors(form, error: AccountError) -> None:
    """Put a domain error on the form field it names, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices)


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search by email, name or company"), validators=[Optional()])
    role = SelectField(_l("Role"), choices=lambda: [SelectChoice("", _l("Any role")), *role_choices()],
                       validators=[Optional()])
