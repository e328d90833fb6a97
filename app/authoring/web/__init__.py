"""The author area: L&D staff write, curate, publish, preview and measure courses. (The scoring
model editor at /author/scoring is the scoring area's page, app/scoring/web/model.py, registered
at that address by the app factory.)"""
from flask import Blueprint

bp = Blueprint("authoring", __name__)

from app.authoring.web import analytics, buttons, content, preview, routes  # noqa: E402,F401
