"""Keyset pagination: newest first, by a unique increasing key. Cost doesn't grow with depth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from engage.extensions import db


@dataclass
class KeysetPage:
    items: list[Any]
    next_after: int | None
    after: int | None


def keyset_page(query: Select, key, after: int | None, size: int = 20) -> KeysetPage:
    if after is not None:
        query = query.where(key < after)
    rows = db.session.scalars(query.order_by(key.desc()).limit(size + 1)).unique().all()
    has_more = len(rows) > size
    items = list(rows[:size])
    next_after = getattr(items[-1], key.key) if has_more and items else None
    return KeysetPage(items=items, next_after=next_after, after=after)
