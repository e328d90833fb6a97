"""The brand: the admin's page that sets it, and the files every page links (brand.css, the
logo, the favicon), each cached by browsers for as long as the `?v=` in its URL is current."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.roles import Role
from app.core.security import accepts_upload, role_required
from app.core.uow import unit_of_work
from app.site import branding
from app.site.branding import BrandError
from app.site.web import bp
from app.site.web.forms import BrandingForm

FOREVER = "public, max-age=31536000, immutable"


@bp.route("/admin/branding", methods=["GET", "POST"])
@accepts_upload("BRAND_UPLOAD_MAX_BYTES")
@role_required(Role.ADMIN)
def branding_settings():
    saved = branding.settings()
    form = BrandingForm(obj=saved)
    if not form.validate_on_submit():
        return _page(form, saved), 422 if form.errors else 200
    with unit_of_work(BrandError) as work:
        branding.save_brand(form.changes())
    if not work.ok:
        form.refuse(work.error)
        return _page(form, saved), 422
    flash(_("Saved: every page, email and certificate now shows this brand."), "success")
    return redirect(url_for("site.branding_settings"))


def _page(form: BrandingForm, saved: branding.Brand) -> str:
    # The page shows the brand as saved, not this process's copy, which may be seconds older.
    return render_template("site/branding.html", form=form, saved=saved, brand=saved)


@bp.route("/brand.css")
def brand_css():
    brand = branding.current_brand()
    return _cacheable(Response(brand.stylesheet(), mimetype="text/css"), brand.version)


@bp.route("/brand/logo.png")
def brand_logo():
    return _image("logo")


@bp.route("/brand/favicon.png")
def brand_favicon():
    return _image("favicon")


def _image(kind: str) -> Response:
    found = branding.brand_image(kind) or abort(404)
    return _cacheable(Response(found.data, mimetype="image/png"), found.version)


def _cacheable(response: Response, version: int) -> Response:
    """Kept for a year when the URL names the version served; otherwise checked every time (a
    page from a server that has not yet seen the latest save names an older version)."""
    current = request.args.get("v") == str(version)
    response.headers["Cache-Control"] = FOREVER if current else "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
