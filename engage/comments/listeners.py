"""What comments do when other features announce something (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from engage.comments.models import Comment
from engage.comments.service import _increment
from engage.comments.targets import find_target
from engage.extensions import db


def count_on_target(item: Any, kind: str, count_change: int = 0, **_: Any) -> None:
    """A comment held for review is not counted on its target or parent (moderation's rule)."""
    if kind != "comment" or not count_change:
        return
    target = find_target(item.target_type, item.target_id)
    if target is not None:
        _increment(target.obj, comment_count=count_change)
    if item.parent_id is not None:
        _increment(db.session.get(Comment, item.parent_id), reply_count=count_change)
