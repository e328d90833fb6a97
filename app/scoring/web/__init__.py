"""The sales area: the lead list, each lead's explained score, and the scoring model editor."""
from flask import Blueprint

bp = Blueprint("scoring", __name__)

from app.scoring.web import routes  # noqa: E402,F401
