"""Positions of ordered rows — modules, lessons, questions, catalog courses: move one a step,
number them again. Only rows whose number changes are written."""
from __future__ import annotations


def swap(items: list, item, step: int) -> bool:
    """Swap `item` with its neighbour `step` places away in `items`; False (and nothing moved)
    past either end."""
    here = items.index(item)
    there = here + step
    if not 0 <= there < len(items):
        return False
    items[here], items[there] = items[there], items[here]
    return True


def number(rows: list, attribute: str = "position") -> None:
    """Set `attribute` to 1..n in the order given."""
    for position, row in enumerate(rows, start=1):
        if getattr(row, attribute) != position:
            setattr(row, attribute, position)


def renumber(rows: list, live: list) -> None:
    """Number `live` 1..n in the given order, then the retired rest of `rows` after them."""
    retired = sorted((row for row in rows if row.retired_at is not None and row not in live),
                     key=lambda row: row.position)
    number(live + retired)
