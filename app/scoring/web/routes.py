from flask import Response, abort, redirect, render_template, request, stream_with_context, url_for

from app.core.roles import Role
from app.core.extensions import db
from app.core.security import role_required
from app.core.time import day_label
from app.scoring import export, leads, wording
from app.scoring.models import LeadStage
from app.scoring.web import bp
from app.scoring.web.forms import LeadFilterForm

PER_PAGE = 50


@bp.before_request
@role_required(Role.SALES)
def require_sales():
    """Every page of the sales area is for sales people (and admins) only."""


@bp.context_processor
def sales_words():
    return {"verb_words": wording.verb_words, "event_summary": wording.event_summary, "day_label": day_label,
            "stage_labels": {stage.value: stage.label for stage in LeadStage}}


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
                           history=leads.score_history(score), courses=leads.course_progress(user_id),
                           events=events, event_count=event_count)


# --- the scoring model editor moved to the author area: authors and admins tune it ------------

MOVED = [  # (old URL below /sales, its method, the author area's page that answers it now)
    ("/scoring", "GET", "scoring_model.edit"),
    ("/scoring", "POST", "scoring_model.save"),
    ("/scoring/preview", "POST", "scoring_model.preview"),
    ("/scoring/export", "GET", "scoring_model.export"),
]


def _moved(endpoint: str):
    def view():
        # 307 keeps the method and the form, so an editor page opened before the move still saves.
        return redirect(url_for(endpoint), 307 if request.method == "POST" else 302)

    return view


for _rule, _method, _endpoint in MOVED:
    bp.add_url_rule(_rule, "moved_" + _endpoint.replace(".", "_"), _moved(_endpoint), methods=[_method])
