"""The sales area, /sales: the lead list and each lead's explained score (routes.py); and the
scoring model editor (model.py), whose blueprint `model_bp` the app factory registers at
/author/scoring, among the author pages, because authors and admins tune the model. Its old /sales/scoring
URLs redirect there."""
from flask import Blueprint

from app.core.formatting import format_points

bp = Blueprint("scoring", __name__)
model_bp = Blueprint("scoring_model", __name__)
# `value|points`: every score a page shows, in whole points (the CSV keeps the stored tenths).
bp.add_app_template_filter(format_points, "points")

from app.scoring.web import model, routes  # noqa: E402,F401
