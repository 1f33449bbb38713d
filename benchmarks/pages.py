"""Pages of later features, measured when this version of the app has them."""

from __future__ import annotations


def feature_pages(url: str, moderator: str) -> list:
    """Each feature adds its key page here once it exists (draft, diff, queue, outcome, API)."""
    return []
