"""The sales area: the lead list, each lead's explained score, and the scoring model editor."""
from flask import Blueprint

bp = Blueprint("sales", __name__)

from app.sales import routes  # noqa: E402,F401
