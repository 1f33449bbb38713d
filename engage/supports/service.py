"""Adding and taking back supports, for anything with a support table. The count on the
supported row moves with SQL increments, in the same transaction as the support row, so
concurrent requests never lose an update. Nothing here commits: the request does, once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from engage.database import increment
from engage.extensions import db
from engage.supports.models import SupportMixin


def add(user: Any, target: Any, table: type[SupportMixin]) -> bool:
    """Add this person's support; False if they already supported (also under a race).

    The unique (thing, person) constraint decides between concurrent clicks: the insert
    runs in a savepoint, and the loser's IntegrityError just means "already there".
    """
    try:
        with db.session.begin_nested():
            db.session.add(table(**{table.target_key: target.id}, user_id=user.id))
    except IntegrityError:
        db.session.expire(target, ["support_count"])  # show the count as it is now
        return False
    increment(target, support_count=1)
    return True


def remove(user: Any, target: Any, table: type[SupportMixin]) -> bool:
    """Take this person's support back; False if there was none."""
    removed = db.session.execute(
        delete(table).where(table.target() == target.id, table.user_id == user.id)
    ).rowcount
    if not removed:
        db.session.expire(target, ["support_count"])
        return False
    increment(target, type(target).support_count > 0, support_count=-1)
    return True


def has_supported(user: Any, target: Any, table: type[SupportMixin]) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    query = select(table.id).where(table.target() == target.id, table.user_id == user.id)
    return db.session.scalar(query) is not None
