"""The scoring model editor, /author/scoring: authors (and admins) tune the model sales reads leads
by. Edit the text, preview who would change stage, then save — which rescores every learner at
once. The app factory registers its blueprint at /author/scoring: it is an author page (the
author area's navigation, the author role), while its code stays with the model it edits."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.core.roles import Role
from app.core.security import role_required
from app.core.uow import unit_of_work
from app.scoring import rebuild, rules, service, versions
from app.scoring.models import LeadStage
from app.scoring.rules import ScoringModelError
from app.scoring.web import model_bp as bp
from app.scoring.web.forms import SaveScoringModelForm, ScoringModelForm

EARLIER_VERSIONS = 50
SHOWN_MOVES = 500
EMPTY_MODEL = """\
# No scoring model has been saved yet: this is an empty one to start from.
# A learner's total is engagement (rules) plus fit; it decides the stage.
thresholds: {mql: 60, sql: 120}
rules: []
#  - name: Read about pricing        # what sales reads in the breakdown
#    on: lesson_completed            # the learning event it scores
#    topic: pricing                  # optional filters: topic, course (slug)
#    points: 20
#    half_life_days: 30              # optional decay
#    max_times: 1                    # optional cap
fit: []
#  - name: Decision maker
#    field: job_title                # job_title | company | email_domain | country ...
#    matches: "(?i)\\\\b(vp|head|director|chief)\\\\b"
#    points: 20
"""


def _editor(form: ScoringModelForm, errors: list[str] | None = None, status: int = 200):
    saved = versions.latest_versions(EARLIER_VERSIONS + 1)
    return render_template("scoring/model/model.html", form=form, errors=errors or [],
                           current=saved[0] if saved else None, earlier=saved[1:]), status


def _posted_model(form: ScoringModelForm) -> tuple[dict | None, list[str]]:
    """The posted model's data, or the list of everything wrong with it."""
    if not form.validate_on_submit():
        return None, [f"{form[name].label.text}: {' '.join(problems)}" for name, problems in form.errors.items()]
    try:
        data = rules.load_text(form.model.data)
        rules.parse(data)
    except ScoringModelError as error:
        return None, error.errors
    return data, []


@bp.before_request
@role_required(Role.AUTHOR)
def require_author():
    """The editor is for L&D authors (and admins), like the rest of the author area."""


@bp.route("")
def edit():
    active = service.active_model()
    return _editor(ScoringModelForm(model=rules.dump(active[1].source) if active else EMPTY_MODEL))


@bp.route("/preview", methods=["POST"])
def preview():
    form = ScoringModelForm()
    data, errors = _posted_model(form)
    if errors:
        return _editor(form, errors, 422)
    matrix, moves = rebuild.what_if(rules.parse(data))
    return render_template("scoring/model/preview.html", form=form,
                           save_form=SaveScoringModelForm(model=form.model.data),
                           matrix=matrix, moves=moves[:SHOWN_MOVES], moved=len(moves), learners=sum(matrix.values()),
                           stages=list(LeadStage), stages_by_value={stage.value: stage for stage in LeadStage},
                           reads_leads=current_user.has_role(Role.SALES))  # who moves links to their lead page


@bp.route("", methods=["POST"])
def save():
    form = SaveScoringModelForm()
    data, errors = _posted_model(form)
    if errors:
        return _editor(form, errors, 422)
    with unit_of_work(IntegrityError) as work:  # someone else saved a version at the same moment
        version = service.save_model(data, by=current_user, note=form.note.data or "").version
        summary = rebuild.rescore_all()
    if not work.ok:
        return _editor(form, [_("Someone saved another version just now. Preview again to see its effect.")], 409)
    flash(_("Saved scoring model version %(version)s. Rescored %(learners)s learners; %(changed)s changed stage.",
            version=version, learners=summary.learners, changed=summary.stage_changes), "success")
    return redirect(url_for("scoring_model.edit"))


@bp.route("/export")
def export():
    active = service.active_model()
    if active is None:
        abort(404)
    version, model = active
    return Response(rules.dump(model.source), content_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="scoring-model-v{version}.yaml"'})
