"""What the opinion map does when other features announce something (engage.wiring)."""

from __future__ import annotations

from typing import Any

from engage.database import increment
from engage.moderation.models import Visibility
from engage.opinion_map import queries


def count_on_visibility(item: Any, kind: str, before: str = "", after: str = "", **_: Any) -> None:
    """The map counts the statements people can vote on: held and hidden ones are out."""
    if kind != "opinion_statement":
        return
    change = (after == Visibility.VISIBLE) - (before == Visibility.VISIBLE)
    if change:
        queries.forget_counts(item.consultation_id)
    opinion_map = queries.map_of(item.consultation_id)
    if change and opinion_map is not None:
        increment(opinion_map, statement_count=change)


def consultation_page(
    consultation: Any, section: str = "summary", preview: bool = False, **_: Any
) -> dict:
    """The consultation's overview shows the opinion map, when there is one, with its counts."""
    if section != "summary" or preview or not consultation.is_published:
        return {}
    return {"opinion_map": queries.shown_map_of(consultation.id)}
