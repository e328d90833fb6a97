"""What the library shows: approved items for everyone, every item for curators, and a learner's
completions — each list in a fixed number of queries, whatever its length."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.extensions import db
from app.courses.models import Topic
from app.library.models import ItemCompletion, ItemKind, ItemStatus, LibraryItem, LinkHealth, item_topics

PAGE_SIZE = 24


@dataclass
class Shelf:
    """One page of the library as a visitor filtered it."""

    items: list[LibraryItem]
    total: int
    page: int
    pages: int
    kinds: list[ItemKind]   # the kinds there is something of, for the filter
    topics: list[str]       # the topics approved items carry, for the filter


def shelf(*, kind: ItemKind | None = None, topic: str | None = None, page: int = 1) -> Shelf:
    """Approved items, newest approval first, a page at a time (3 queries + 1 for topics)."""
    chosen = select(LibraryItem.id).where(LibraryItem.status == ItemStatus.APPROVED)
    if kind is not None:
        chosen = chosen.where(LibraryItem.kind == kind)
    if topic:
        chosen = chosen.where(LibraryItem.id.in_(
            select(item_topics.c.item_id).join(Topic, Topic.id == item_topics.c.topic_id).where(Topic.name == topic)))
    total = db.session.scalar(select(func.count()).select_from(chosen.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    items = list(db.session.scalars(
        select(LibraryItem).where(LibraryItem.id.in_(chosen))
        .order_by(LibraryItem.approved_at.desc(), LibraryItem.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).options(selectinload(LibraryItem.topics))))
    facets = db.session.execute(
        select(LibraryItem.kind, func.count()).where(LibraryItem.status == ItemStatus.APPROVED).group_by(LibraryItem.kind)).all()
    names = db.session.scalars(
        select(Topic.name).join(item_topics, item_topics.c.topic_id == Topic.id)
        .join(LibraryItem, LibraryItem.id == item_topics.c.item_id)
        .where(LibraryItem.status == ItemStatus.APPROVED).distinct().order_by(Topic.name)).all()
    present = {row[0] for row in facets}
    return Shelf(items, total, page, pages, [k for k in ItemKind if k in present], list(names))


def item(item_id: int) -> LibraryItem | None:
    return db.session.get(LibraryItem, item_id, options=[selectinload(LibraryItem.topics)])


def completion(user_id: int, item_id: int) -> ItemCompletion | None:
    return db.session.get(ItemCompletion, (user_id, item_id))


def completions(user_id: int, item_ids: list[int]) -> dict[int, str]:
    """item id → evidence, for the items of a list the learner has done (one query)."""
    if not item_ids:
        return {}
    rows = db.session.execute(select(ItemCompletion.item_id, ItemCompletion.evidence)
                              .where(ItemCompletion.user_id == user_id, ItemCompletion.item_id.in_(item_ids)))
    return dict(rows.all())


@dataclass
class Desk:
    """The curator's view: items by state, and those whose link broke."""

    items: list[LibraryItem]
    counts: dict[ItemStatus, int]
    broken: int
    status: ItemStatus | None


def desk(status: ItemStatus | None = None) -> Desk:
    chosen = select(LibraryItem).options(selectinload(LibraryItem.topics)) \
        .order_by(LibraryItem.updated_at.desc(), LibraryItem.id.desc())
    if status is not None:
        chosen = chosen.where(LibraryItem.status == status)
    counts = dict(db.session.execute(select(LibraryItem.status, func.count()).group_by(LibraryItem.status)).all())
    broken = db.session.scalar(select(func.count()).where(LibraryItem.health == LinkHealth.BROKEN)) or 0
    return Desk(list(db.session.scalars(chosen.limit(500))), {s: counts.get(s, 0) for s in ItemStatus}, broken, status)
