"""Reading comment threads for pages. Placeholder until the comments feature lands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Thread:
    target_type: str
    target_id: int
    sort: str = "best"
    comments: list[Any] = field(default_factory=list)
    next_after: str | None = None
    total: int = 0


def load_thread(target_type: str, target_id: int, *, sort: str = "best",
                after: str | None = None, viewer: Any = None) -> Thread:  # fmt: skip
    return Thread(target_type=target_type, target_id=target_id, sort=sort)
