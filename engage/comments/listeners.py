"""What comments do when other features announce something (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from engage.comments.models import Comment
from engage.comments.queries import requested_thread
from engage.comments.targets import find_target
from engage.database import increment
from engage.extensions import db


def count_on_target(item: Any, kind: str, count_change: int = 0, **_: Any) -> None:
    """A comment held for review is not counted on its target or parent (moderation's rule)."""
    if kind != "comment" or not count_change:
        return
    target = find_target(item.target_type, item.target_id)
    if target is not None:
        increment(target.obj, comment_count=count_change)
    if item.parent_id is not None:
        increment(db.session.get(Comment, item.parent_id), reply_count=count_change)


def consultation_page(
    consultation: Any, section: str = "summary", preview: bool = False, **_: Any
) -> dict:
    """The summary counts the comments made anywhere in the consultation; the discussion
    page shows the consultation's own thread (and an htmx swap of the page, just that)."""
    if preview or not consultation.is_published:
        return {"comment_total": 0, "thread": None}
    if section == "summary":
        return {"comment_total": consultation.comment_total}
    if section != "discussion":
        return {}
    return {"thread": requested_thread("consultation", consultation.id)}
