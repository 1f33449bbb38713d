"""Demo comments. Placeholder until the comments feature lands."""

from __future__ import annotations


def seed_comments(consultation, proposals, residents) -> None:
    return None
