"""What amendments do when other features announce something (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from engage.amendments.service import count_on_clause


def count_on_visibility(item: Any, kind: str, count_change: int = 0, **_: Any) -> None:
    """An amendment held for review is not counted on its clause (moderation's rule)."""
    if kind == "amendment" and count_change:
        count_on_clause(item, count_change)
