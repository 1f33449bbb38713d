"""Amendments as comment targets (registered with engage.comments.targets in engage.wiring)."""

from __future__ import annotations

from engage.amendments.models import Amendment
from engage.extensions import db
from engage.moderation.models import Visibility


def public_amendment(amendment_id: int) -> Amendment | None:
    """The amendment if anyone may read and comment on it: not held by moderation."""
    amendment = db.session.get(Amendment, amendment_id)
    if amendment is None or amendment.visibility != Visibility.VISIBLE:
        return None
    return amendment


def amendment_consultation(amendment: Amendment):
    return amendment.clause.draft.consultation
