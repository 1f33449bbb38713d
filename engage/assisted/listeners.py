"""What assisted input adds to other features' pages (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from engage.assisted.queries import channel_counts
from engage.htmx import wants_fragment


def consultation_page(
    consultation: Any, section: str = "summary", preview: bool = False, **_: Any
) -> dict:
    """Input received by channel, in a published consultation's details (not for htmx
    list swaps)."""
    if section != "summary" or preview or not consultation.is_published or wants_fragment():
        return {"channels": None}
    return {"channels": channel_counts(consultation)}
