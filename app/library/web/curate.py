"""The curator's desk, /author/library (authors and admins): every item by state, with broken
links counted; adding an item by address or as an uploaded PDF; writing one up; and moving it
through the workflow — submit for review, approve, send back, retire — each move kept with who
made it and why."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from app.core.roles import Role
from app.core.security import role_required
from app.core.uow import unit_of_work
from app.library import queries, service
from app.library.models import ItemStatus, LibraryItem
from app.library.service import ItemChanges, LibraryError
from app.library.web import curate_bp as bp
from app.library.web.forms import AddForm, ItemForm, MoveForm

# The buttons an item's page offers: to which state, and what the button says.
MOVES = {
    ItemStatus.IN_REVIEW: _l("Submit for review"),
    ItemStatus.APPROVED: _l("Approve"),
    ItemStatus.DRAFT: _l("Back to draft"),
    ItemStatus.RETIRED: _l("Retire"),
}


@bp.before_request
@role_required(Role.AUTHOR)
def _authors_only():
    return None


@bp.route("/")
def desk():
    wanted = request.args.get("status")
    status = ItemStatus(wanted) if wanted in {s.value for s in ItemStatus} else None
    return render_template("library/curate/desk.html", desk=queries.desk(status))


@bp.route("/new", methods=["GET", "POST"])
def add():
    form = AddForm()
    if form.validate_on_submit():
        upload = form.document.data
        with unit_of_work(LibraryError) as work:
            if upload and upload.filename:
                added = service.add_document(upload.filename, upload.read(service.MAX_DOCUMENT_BYTES + 1),
                                             by_id=current_user.id)
            else:
                added = service.add_from_address(form.url.data, by_id=current_user.id)
        if work.ok:
            flash(_("Added as a draft. Write it up, then submit it for review or approve it."), "success")
            return redirect(url_for("library_curate.edit", item_id=added.id))
        form[work.error.field or "url"].errors = [str(work.error)]
    return render_template("library/curate/add.html", form=form), 422 if form.errors else 200


def _item(item_id: int) -> LibraryItem:
    found = queries.item(item_id)
    if found is None:
        abort(404)
    return found


@bp.route("/<int:item_id>", methods=["GET", "POST"])
def edit(item_id: int):
    item = _item(item_id)
    form = ItemForm(data=None if request.method == "POST" else _fields(item))
    if form.validate_on_submit():
        changes = ItemChanges(title=form.title.data or "", summary=form.summary.data or "", kind=form.kind.data,
                              topics=[t.strip().lower() for t in (form.topics.data or "").split(",") if t.strip()],
                              language=(form.language.data or "").strip(), minutes=form.minutes.data,
                              source=form.source.data or "")
        with unit_of_work(LibraryError) as work:
            service.edit(item, changes, version=form.version.data)
        if work.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("library_curate.edit", item_id=item.id))
        for name, message in (work.error.problems or {"title": str(work.error)}).items():
            form[name].errors = [message]
        item = _item(item_id)
    return _page(item, form), 422 if form.errors else 200


@bp.route("/<int:item_id>/move/<status>", methods=["POST"])
def move(item_id: int, status: str):
    item = _item(item_id)
    try:
        wanted = ItemStatus(status)
    except ValueError:
        abort(404)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    with unit_of_work(LibraryError, flash_error=True) as work:
        service.move(item, wanted, by_id=current_user.id)
    if work.ok:
        flash(_("The item is now %(status)s.", status=wanted.label.lower()), "success")
    return redirect(url_for("library_curate.edit", item_id=item_id))


def _page(item: LibraryItem, form: ItemForm):
    moves = [(status, str(label)) for status, label in MOVES.items() if item.can_move_to(status)]
    return render_template("library/curate/item.html", item=item, form=form, moves=moves,
                           history=service.history(item))


def _fields(item: LibraryItem) -> dict:
    """The editor's fields as the item stands."""
    return {"version": item.version, "title": item.title, "kind": item.kind.value, "summary": item.summary,
            "topics": ", ".join(item.topic_names), "language": item.language, "minutes": item.minutes,
            "source": item.source}
