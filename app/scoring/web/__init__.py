"""The sales area: the lead list and each lead's explained score. (The scoring model editor is in
the author area: its old /sales/scoring URLs redirect there.)"""
from flask import Blueprint

bp = Blueprint("scoring", __name__)

from app.scoring.web import routes  # noqa: E402,F401
