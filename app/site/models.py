"""The organisation's brand: one row of settings, and its images beside it.

Both live in the database, not on a disk, so every one of several stateless servers shows the
same brand. The images sit in their own table so that reading the brand for a page never
carries their bytes.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.time import UTCDateTime, utcnow

BRAND_ROW_ID = 1


class Branding(db.Model):
    """The one brand of this installation (the row with id 1); no row means Primer's own look.
    `version` grows with every save: page caches and asset URLs (`?v=`) are keyed by it."""

    __tablename__ = "branding"
    __table_args__ = (CheckConstraint(f"id = {BRAND_ROW_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(80))
    color: Mapped[str | None] = mapped_column(String(7))  # "#rrggbb", checked for contrast
    privacy_url: Mapped[str | None] = mapped_column(String(500))
    terms_url: Mapped[str | None] = mapped_column(String(500))
    contact_url: Mapped[str | None] = mapped_column(String(500))
    # A favicon made from the logo follows the logo; one uploaded on its own stays.
    favicon_from_logo: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class BrandImage(db.Model):
    """A logo or favicon, always stored as a PNG that Primer encoded itself (see site.images)."""

    __tablename__ = "brand_images"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "logo" | "favicon"
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    version: Mapped[int]  # the brand's version when these bytes were written
