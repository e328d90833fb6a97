"""The author area: L&D staff write, curate, publish, preview and measure courses, and tune the
scoring model."""
from flask import Blueprint

bp = Blueprint("authoring", __name__)

from app.authoring.web import analytics, buttons, content, preview, routes, scoring  # noqa: E402,F401
