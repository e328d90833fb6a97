"""The library's background work: fetching what an address is (title, summary, length, player)
for a new item. It runs on the worker, never in the request that added the item; the author's
page shows the item as pending until it is done, then the fields filled in — or why they could
not be (the author writes them up by hand then)."""
from __future__ import annotations

from app.core.extensions import db
from app.core.tasks import background_task, first_run
from app.core.uow import unit_of_work
from app.library import metadata
from app.library.fetching import FetchError
from app.library.models import Details, LibraryItem


@background_task("library.fetch_details")
def fetch_details(item_id: int) -> str:
    with unit_of_work():
        if not first_run():
            return "done before"
        item = db.session.get(LibraryItem, item_id)
        if item is None or item.details is not Details.PENDING or not item.url:
            return "nothing to fetch"
        url = item.url
    try:  # outside any transaction: a slow site holds no database connection
        found = metadata.describe(url)
    except FetchError as error:
        with unit_of_work():
            item = db.session.get(LibraryItem, item_id, with_for_update=True)
            if item is not None and item.details is Details.PENDING:
                item.details, item.details_error = Details.FAILED, str(error)
        return "failed"
    with unit_of_work():
        item = db.session.get(LibraryItem, item_id, with_for_update=True)
        if item is None or item.details is not Details.PENDING:
            return "changed meanwhile"
        fill(item, found)
    return "fetched"


def fill(item: LibraryItem, found: metadata.Description) -> None:
    """Fill what the author has not written yet with what the address says about itself."""
    item.kind = found.kind
    item.title = item.title or found.title
    item.summary = item.summary or found.summary or ""
    item.source = found.source or item.source
    item.language = item.language or found.language or ""
    item.duration_seconds = item.duration_seconds or found.duration_seconds
    item.reading_minutes = item.reading_minutes or found.reading_minutes
    item.thumbnail_url = item.thumbnail_url or found.thumbnail_url
    item.embed_provider, item.embed_url = found.provider, found.embed_url
    item.audio_url = found.audio_url
    item.details, item.details_error = Details.FETCHED, ""
    item.version += 1
