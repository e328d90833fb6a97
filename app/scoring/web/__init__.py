"""The sales area, /sales: the lead list and each lead's explained score (routes.py); and the
scoring model editor (model.py), whose blueprint `model_bp` the app factory registers at
/author/scoring, among the author pages, because authors and admins tune the model. Its old /sales/scoring
URLs redirect there."""
from flask import Blueprint

bp = Blueprint("scoring", __name__)
model_bp = Blueprint("scoring_model", __name__)

from app.scoring.web import model, routes  # noqa: E402,F401
