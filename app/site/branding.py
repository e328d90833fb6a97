"""The organisation's brand — name, logo, colour, favicon and footer links — as every page,
email and certificate shows it, and its saving by an admin.

Public: `current_brand()` (what the layout shows), `settings()` (the saved values, for the
admin's form), `save_brand(BrandChanges)`, `brand_image(kind)`, `BrandError`; `DEFAULT_NAME`.

Cheap on every page: each process reads the brand as it starts, keeps it, and reads it again
(one query of a few short columns, never the images) at most every BRAND_REFRESH_SECONDS; the
process that saves forgets its copy as soon as the save commits. So a page costs no query for
the brand, and other servers show a new brand within that many seconds.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from app.core.extensions import db
from app.site import checks, colors, images
from app.site.models import BRAND_ROW_ID, BrandImage, Branding

DEFAULT_NAME = "Primer"
DEFAULT_COLOR = "#2046c8"  # primer.css's --brand and --brand-dark
DEFAULT_COLOR_DARK = "#15338f"
_CACHE = "primer.brand"
LINK_LABELS = {"privacy_url": _l("Privacy"), "terms_url": _l("Terms"), "contact_url": _l("Contact")}
LINK_PAGES = {"privacy_url": "privacy", "terms_url": "terms", "contact_url": "contact"}  # example addresses


@dataclass(frozen=True)
class Brand:
    """The brand as pages show it. The defaults are Primer's own look."""

    name: str = DEFAULT_NAME
    color: str | None = None  # None: primer.css's own colours
    privacy_url: str | None = None
    terms_url: str | None = None
    contact_url: str | None = None
    logo_size: tuple[int, int] | None = None  # (width, height) in pixels; None: no logo
    logo_version: int = 0
    favicon_version: int = 0  # 0: Primer's own favicon
    version: int = 0  # 0: nothing was ever saved

    @property
    def accent(self) -> str:
        """The colour as a value, for emails and the PDF (which cannot read primer.css)."""
        return self.color or DEFAULT_COLOR

    @property
    def accent_dark(self) -> str:
        return colors.hover_shade(self.color) if self.color else DEFAULT_COLOR_DARK

    @property
    def is_default(self) -> bool:
        return self.version == 0

    @property
    def footer_links(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, key)) for key, label in LINK_LABELS.items() if getattr(self, key)]

    def stylesheet(self) -> str:
        """brand.css: the colour over primer.css's custom properties (nothing when it is unset)."""
        lines = [f"/* The brand's colours, version {self.version}: set by an admin at /admin/branding. */"]
        if self.color:
            lines.append(f":root {{ --brand: {self.color}; --brand-dark: {self.accent_dark}; }}")
        return "\n".join(lines) + "\n"


DEFAULT_BRAND = Brand()


@dataclass
class _Kept:
    brand: Brand
    read_at: float


def current_brand() -> Brand:
    """The brand, from this process's copy while it is fresh (see the module's docstring)."""
    app = current_app._get_current_object()
    kept: _Kept | None = app.extensions.get(_CACHE)
    now = time.monotonic()
    if kept is not None and now - kept.read_at < app.config["BRAND_REFRESH_SECONDS"]:
        return kept.brand
    try:
        brand = _read()
    except SQLAlchemyError:
        # The database is failing: the page (often an error page) still shows, in the last look.
        app.logger.warning("could not read the brand; showing the last one known", exc_info=True)
        return kept.brand if kept else DEFAULT_BRAND
    app.extensions[_CACHE] = _Kept(brand, now)
    return brand


def warm() -> None:
    """Read the brand as the app starts (in an app context), so that no page pays for the first
    read. A database not there yet, or not migrated yet (`flask db upgrade` itself), leaves that
    read to the first page."""
    try:
        brand = _read()
    except SQLAlchemyError:
        return
    finally:
        db.session.remove()
    current_app.extensions[_CACHE] = _Kept(brand, time.monotonic())


def _read() -> Brand:
    logo, favicon = aliased(BrandImage), aliased(BrandImage)
    row = db.session.execute(
        select(Branding.name, Branding.color, Branding.privacy_url, Branding.terms_url, Branding.contact_url,
               Branding.version, logo.width, logo.height, logo.version, favicon.version)
        .select_from(Branding)
        .outerjoin(logo, logo.kind == "logo")
        .outerjoin(favicon, favicon.kind == "favicon")
        .where(Branding.id == BRAND_ROW_ID)
    ).first()
    if row is None:
        return DEFAULT_BRAND
    name, color, privacy, terms, contact, version, width, height, logo_version, favicon_version = row
    return Brand(name=name, color=color, privacy_url=privacy, terms_url=terms, contact_url=contact,
                 logo_size=(width, height) if width else None, logo_version=logo_version or 0,
                 favicon_version=favicon_version or 0, version=version)


def _forget_after_commit() -> None:
    """Drop this process's copy once the transaction that saved a new brand commits (not before:
    a page read in between would keep the old brand)."""
    app = current_app._get_current_object()
    event.listen(db.session(), "after_commit", lambda _session: app.extensions.pop(_CACHE, None), once=True)


def brand_image(kind: str) -> BrandImage | None:
    """The stored logo or favicon (a PNG), or None."""
    return db.session.get(BrandImage, kind)


def settings() -> Brand:
    """The saved brand, read now (the admin's form shows what is saved, not a cached copy)."""
    return _read()


# --- saving ---------------------------------------------------------------------------------

class BrandError(ValueError):
    """What is wrong with a brand an admin tried to save, field by field; nothing was saved."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@dataclass
class BrandChanges:
    """What the admin's form sends: text as typed, uploads as bytes (None: no file chosen)."""

    name: str
    color: str = ""
    privacy_url: str = ""
    terms_url: str = ""
    contact_url: str = ""
    logo: bytes | None = None
    favicon: bytes | None = None
    remove_logo: bool = False
    remove_favicon: bool = False


def save_brand(changes: BrandChanges) -> None:
    """Check everything first, then save it all as the new version of the brand; raise
    BrandError (with every problem found) and change nothing when anything is wrong."""
    values, logo, favicon = _checked(changes)
    row = db.session.get(Branding, BRAND_ROW_ID, with_for_update=True)  # two admins saving: one after the other
    if row is None:
        row = Branding(id=BRAND_ROW_ID, version=0)
        db.session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    row.version += 1
    _save_images(row, changes, logo, favicon)
    db.session.flush()
    _forget_after_commit()


def _checked(changes: BrandChanges) -> tuple[dict, images.CleanImage | None, images.CleanImage | None]:
    problems: dict[str, str] = {}
    name, problem = checks.checked_name(changes.name)
    if problem:
        problems["name"] = problem
    color, problem = checks.checked_color(changes.color)
    if problem:
        problems["color"] = problem
    links = {}
    for key, label in LINK_LABELS.items():
        links[key], problem = checks.checked_link(label, getattr(changes, key), mailto=key == "contact_url",
                                                  page=LINK_PAGES[key])
        if problem:
            problems[key] = problem
    logo = favicon = None
    try:
        logo = images.logo_from_upload(changes.logo) if changes.logo is not None and not changes.remove_logo else None
    except images.ImageRefused as refused:
        problems["logo"] = str(refused)
    try:
        favicon = (images.favicon_from_upload(changes.favicon)
                   if changes.favicon is not None and not changes.remove_favicon else None)
    except images.ImageRefused as refused:
        problems["favicon"] = str(refused)
    if problems:
        raise BrandError(problems)
    return {"name": name, "color": color, **links}, logo, favicon


def _save_images(row: Branding, changes: BrandChanges, logo: images.CleanImage | None,
                 favicon: images.CleanImage | None) -> None:
    """Apply the image changes; a favicon nobody uploaded is made from the logo, and follows it."""
    logo_changed = changes.remove_logo or logo is not None
    if changes.remove_logo:
        _drop("logo")
    if logo is not None:
        _put("logo", logo, row.version)
    if changes.remove_favicon:
        _drop("favicon")
        row.favicon_from_logo = False
    if favicon is not None:
        _put("favicon", favicon, row.version)
        row.favicon_from_logo = False
    own_favicon = brand_image("favicon") is not None and not row.favicon_from_logo
    if own_favicon or not (logo_changed or changes.remove_favicon):
        return
    current_logo = brand_image("logo")
    if current_logo is None:
        if row.favicon_from_logo:
            _drop("favicon")
        row.favicon_from_logo = False
        return
    _put("favicon", images.favicon_from_logo(images.CleanImage(current_logo.data, current_logo.width,
                                                               current_logo.height)), row.version)
    row.favicon_from_logo = True


def _put(kind: str, image: images.CleanImage, version: int) -> None:
    found = brand_image(kind)
    if found is None:
        found = BrandImage(kind=kind)
        db.session.add(found)
    found.data, found.width, found.height, found.version = image.data, image.width, image.height, version


def _drop(kind: str) -> None:
    found = brand_image(kind)
    if found is not None:
        db.session.delete(found)
        db.session.flush()
