from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.site.branding import BrandChanges, BrandError
from app.site.checks import LINK_MAX, NAME_MAX

LINK_FIELD = dict(validators=[Optional(), Length(max=LINK_MAX)], render_kw={"inputmode": "url", "spellcheck": "false"})


class BrandingForm(FlaskForm):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=NAME_MAX)],
                       description=_l("Shown in the header, page titles, emails and certificates."),
                       render_kw={"autocomplete": "organization"})
    color = StringField(_l("Primary colour"), validators=[Optional(), Length(max=20)],
                        description=_l("Hex, such as #0b5f55. Buttons use it behind white text and links use it on "
                                    "white, so it must reach 4.5:1 against white (WCAG AA). Empty: Primer's blue."),
                        render_kw={"spellcheck": "false", "placeholder": "#2046c8"})
    logo = FileField(_l("Logo"), description=_l("PNG or SVG, at most 1 MB. Stored as a PNG of at most 1200×300 pixels; "
                                         "an SVG is drawn into pixels, so nothing in it can run."),
                     render_kw={"accept": "image/png,image/svg+xml"})
    remove_logo = BooleanField(_l("Remove the logo"))
    favicon = FileField(_l("Favicon"), description=_l("PNG or SVG, at most 1 MB, shown at 128×128 pixels. Without one, "
                                               "the logo is used."),
                        render_kw={"accept": "image/png,image/svg+xml"})
    remove_favicon = BooleanField(_l("Remove the uploaded favicon"))
    privacy_url = StringField(_l("Privacy policy link"), description=_l("An https:// address."), **LINK_FIELD)
    terms_url = StringField(_l("Terms link"), description=_l("An https:// address."), **LINK_FIELD)
    contact_url = StringField(_l("Contact link"), description=_l("An https:// address or mailto:someone@example.com."),
                              **LINK_FIELD)

    def changes(self) -> BrandChanges:
        return BrandChanges(
            name=self.name.data or "", color=self.color.data or "", privacy_url=self.privacy_url.data or "",
            terms_url=self.terms_url.data or "", contact_url=self.contact_url.data or "",
            logo=_upload(self.logo.data), favicon=_upload(self.favicon.data),
            remove_logo=self.remove_logo.data, remove_favicon=self.remove_favicon.data)

    def refuse(self, error: BrandError) -> None:
        """Show each of the domain's problems beside its field."""
        for key, problem in error.problems.items():
            self[key].errors = [*self[key].errors, problem]


def _upload(storage) -> bytes | None:
    """The uploaded file's bytes (the request's own limit, BRAND_UPLOAD_MAX_BYTES, bounds them),
    or None when no file was chosen."""
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.read()
