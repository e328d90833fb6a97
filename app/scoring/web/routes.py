from flask import Response, abort, current_app, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.accounts.models import Role
from app.core.extensions import db
from app.core.security import role_required
from app.core.uow import unit_of_work
from app.crm import outbox
from app.scoring import export, wording
from app.scoring import leads, rebuild, rules, service
from app.scoring.models import LeadStage, ScoringModelVersion
from app.scoring.rules import ScoringModelError
from app.scoring.web import bp
from app.scoring.web.forms import LeadFilterForm, ModelForm, SaveModelForm

PER_PAGE = 50
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


@bp.before_request
@role_required(Role.SALES)
def require_sales():
    """Every page of the sales area is for sales people (and admins) only."""


@bp.context_processor
def sales_words():
    return {"verb_words": wording.verb_words, "event_summary": wording.event_summary, "stages": list(LeadStage),
            "stages_by_value": {stage.value: stage for stage in LeadStage}}


@bp.route("/")
def index():
    return redirect(url_for("scoring.leads"))


# --- leads ------------------------------------------------------------------------------------

def _filter_form() -> LeadFilterForm:
    return LeadFilterForm(request.args, courses=leads.course_choices())


def _filter_args() -> dict:
    """The current filters and sort as query arguments, for links that keep them."""
    return {key: value for key, value in request.args.items() if key != "page" and value}


@bp.route("/leads", endpoint="leads")
def leads_list():
    form = _filter_form()
    wanted = form.wanted()
    page = db.paginate(leads.lead_query(wanted), per_page=PER_PAGE, error_out=False)
    return render_template("scoring/leads.html", page=page, form=form, wanted=wanted, args=_filter_args(),
                           counts=leads.stage_counts())


@bp.route("/leads.csv")
def leads_csv():
    lines = export.csv_lines(leads.lead_query(_filter_form().wanted()))
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="leads.csv"'})


@bp.route("/leads/<int:user_id>")
def lead(user_id: int):
    score = leads.lead(user_id)
    if score is None:
        abort(404)
    events, event_count = leads.timeline(user_id)
    return render_template("scoring/lead.html", score=score, person=score.user, breakdown=leads.breakdown(score),
                           courses=leads.course_progress(user_id), events=events, event_count=event_count,
                           crm_sync=outbox.sync_row(user_id), crm_configured=bool(
                               current_app.config.get("HUBSPOT_ACCESS_TOKEN")))


# --- the scoring model ------------------------------------------------------------------------

def _editor(form: ModelForm, errors: list[str] | None = None, status: int = 200):
    versions = list(db.session.scalars(
        select(ScoringModelVersion).options(joinedload(ScoringModelVersion.created_by))
        .order_by(ScoringModelVersion.version.desc()).limit(EARLIER_VERSIONS + 1)))
    return render_template("scoring/scoring.html", form=form, errors=errors or [],
                           current=versions[0] if versions else None, earlier=versions[1:]), status


def _posted_model(form: ModelForm) -> tuple[dict | None, list[str]]:
    """The posted model's data, or the list of everything wrong with it."""
    if not form.validate_on_submit():
        return None, [f"{form[name].label.text}: {' '.join(problems)}" for name, problems in form.errors.items()]
    try:
        data = rules.load_text(form.model.data)
        rules.parse(data)
    except ScoringModelError as error:
        return None, error.errors
    return data, []


@bp.route("/scoring")
def scoring():
    active = service.active_model()
    return _editor(ModelForm(model=rules.dump(active[1].source) if active else EMPTY_MODEL))


@bp.route("/scoring/preview", methods=["POST"])
def preview_model():
    form = ModelForm()
    data, errors = _posted_model(form)
    if errors:
        return _editor(form, errors, 422)
    matrix, moves = rebuild.what_if(rules.parse(data))
    return render_template("scoring/preview.html", form=form, save_form=SaveModelForm(model=form.model.data),
                           matrix=matrix, moves=moves[:SHOWN_MOVES], moved=len(moves),
                           learners=sum(matrix.values()))


@bp.route("/scoring", methods=["POST"])
def save_model():
    form = SaveModelForm()
    data, errors = _posted_model(form)
    if errors:
        return _editor(form, errors, 422)
    with unit_of_work(IntegrityError) as work:  # someone else saved a version at the same moment
        version = service.save_model(data, by=current_user, note=form.note.data or "").version
        summary = rebuild.rescore_all()
    if not work.ok:
        return _editor(form, ["Someone saved another version just now. Preview again to see its effect."], 409)
    flash(f"Saved scoring model version {version}. Rescored {summary.learners} learners; "
          f"{summary.stage_changes} changed stage.", "success")
    return redirect(url_for("scoring.scoring"))


@bp.route("/scoring/export")
def export_model():
    active = service.active_model()
    if active is None:
        abort(404)
    version, model = active
    return Response(rules.dump(model.source), content_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="scoring-model-v{version}.yaml"'})
