"""The library for everyone: /library, the approved items, filtered by kind and topic and paged;
/library/<id>, one item with its player, its audio or its link; "I read this" (or the player's
report that it was played to the end) at /library/<id>/complete; and /library/suggest, where a
signed-in learner proposes an address for curators to review.

Query arguments of /library: `kind` (video | podcast_episode | article | document | link),
`topic` and `page`; unknown values mean "any"."""
from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.extensions import limiter
from app.core.roles import Role
from app.core.uow import unit_of_work
from app.library import queries, service
from app.library.models import ItemKind, ItemStatus, LibraryItem
from app.library.service import LibraryError
from app.library.web import bp
from app.library.web.forms import SuggestForm


@bp.route("/library")
def index():
    kind = request.args.get("kind") or None
    kind = ItemKind(kind) if kind in {k.value for k in ItemKind} else None
    topic = (request.args.get("topic") or "").strip()[:60] or None
    shelf = queries.shelf(kind=kind, topic=topic, page=request.args.get("page", 1, type=int))
    done = queries.completions(current_user.id, [item.id for item in shelf.items]) \
        if current_user.is_authenticated else {}
    return render_template("library/index.html", shelf=shelf, kind=kind, topic=topic, done=done)


def _shown(item_id: int) -> LibraryItem:
    """An approved item; curators also see the others (their preview)."""
    item = queries.item(item_id)
    if item is None:
        abort(404)
    if item.status is not ItemStatus.APPROVED and not (
            current_user.is_authenticated and current_user.has_role(Role.AUTHOR)):
        abort(404)
    return item


@bp.route("/library/<int:item_id>")
def item(item_id: int):
    shown = _shown(item_id)
    done = None
    if current_user.is_authenticated and shown.status is ItemStatus.APPROVED:
        with unit_of_work(expire_on_commit=False):
            service.opened(current_user.id, shown)
        done = queries.completion(current_user.id, shown.id)
    return render_template("library/item.html", item=shown, done=done)


@bp.route("/library/<int:item_id>/complete", methods=["POST"])
@login_required
def complete(item_id: int):
    """"I read this" (a form), or a player's report that it played to the end (JSON, from
    library.js: {"evidence": "played"})."""
    shown = _shown(item_id)
    wanted = (request.get_json(silent=True) or {}).get("evidence") if request.is_json else request.form.get("evidence")
    try:
        evidence = service.Evidence(wanted or service.Evidence.SELF_REPORTED.value)
    except ValueError:
        abort(400)
    with unit_of_work(LibraryError) as work:
        recorded = service.complete(current_user.id, shown, evidence)
    if request.is_json:
        if work.error:
            return jsonify(error=str(work.error)), 409
        return jsonify(recorded=recorded, evidence=evidence.value)
    if work.error:
        flash(str(work.error), "error")
    elif recorded:
        flash(_("Marked as done. It counts in your playlists and paths."), "success")
    return redirect(url_for("library.item", item_id=shown.id))


@bp.route("/library/<int:item_id>/document.pdf")
def document(item_id: int):
    shown = _shown(item_id)
    if shown.document is None:
        abort(404)
    response = Response(shown.document.data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="library-{shown.id}.pdf"'
    return response


@bp.route("/library/suggest", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def suggest():
    form = SuggestForm()
    if form.validate_on_submit():
        with unit_of_work(LibraryError) as work:
            service.suggest(form.url.data, form.reason.data, by_id=current_user.id)
        if work.ok:
            flash(_("Thank you: a curator will look at it. Once approved, it appears in the library."), "success")
            return redirect(url_for("library.index"))
        form[work.error.field or "url"].errors = [str(work.error)]
    return render_template("library/suggest.html", form=form), 422 if form.errors else 200
