"""The author area: L&D staff write, curate, publish, preview and measure courses."""
from flask import Blueprint

bp = Blueprint("author", __name__)

from app.author import analytics, content, preview, routes  # noqa: E402,F401
