"""The learner's side: "My learning", course outlines, lessons, quizzes and certificates."""
from flask import Blueprint

from app.learn.outline_steps import outline_steps

bp = Blueprint("learn", __name__)
bp.add_app_template_global(outline_steps)

from app.learn import routes  # noqa: E402,F401
