"""The learner's side: "My learning", course outlines, lessons, quizzes and certificates."""
from flask import Blueprint

from app.learning.web.outline_steps import outline_steps

bp = Blueprint("learning", __name__)
bp.add_app_template_global(outline_steps)

from app.learning.web import routes  # noqa: E402,F401
