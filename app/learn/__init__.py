"""The learner's side: "My learning", course outlines, lessons, quizzes and certificates."""
from flask import Blueprint

bp = Blueprint("learn", __name__)


@bp.app_context_processor
def outline_context():
    from app.learn.outline_steps import outline_steps

    return {"outline_steps": outline_steps}


from app.learn import routes  # noqa: E402,F401
