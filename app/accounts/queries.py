"""Read-side queries about accounts, for the admin area."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from app.accounts.models import Role, User
from app.core.extensions import db


def search_users(q: str = "", role: Role | None = None):
    """A select of users matching a free-text query and a role, newest first."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(or_(
            User.email.like(pattern),
            func.lower(User.first_name + " " + User.last_name).like(pattern),
            func.lower(User.company).like(pattern),
        ))
    if role is not None:
        query = query.where(User.role == role)
    return query


def count_by_role() -> dict[Role, int]:
    rows = db.session.execute(select(User.role, func.count()).group_by(User.role)).all()
    counts = {role: 0 for role in Role}
    counts.update({role: n for role, n in rows})
    return counts
