"""What amendments do when other features announce something (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from engage.amendments.queries import readable_in_consultation
from engage.amendments.service import count_on_clause


def count_on_visibility(item: Any, kind: str, count_change: int = 0, **_: Any) -> None:
    """An amendment held for review is not counted on its clause (moderation's rule)."""
    if kind == "amendment" and count_change:
        count_on_clause(item, count_change)


def consultation_page(
    consultation: Any, section: str = "summary", preview: bool = False, **_: Any
) -> dict:
    """The consultation's summary counts the amendments proposed to its draft."""
    if section != "summary":
        return {}
    if preview or not consultation.is_published:
        return {"amendment_total": 0}
    return {"amendment_total": readable_in_consultation(consultation.id)}
