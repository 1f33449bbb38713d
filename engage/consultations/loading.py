"""The consultation an address names, for a page: 404 for anyone who may not see it
(a draft's existence is not public), 403 on pages for those who manage it."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_login import current_user

from engage.consultations import queries
from engage.consultations.models import Consultation
from engage.consultations.permissions import can_manage_consultation, can_view_consultation


def consultation_or_404(slug: str) -> Consultation:
    consultation = queries.by_slug(slug)
    if consultation is None or not can_view_consultation(current_user, consultation):
        abort(404)
    return consultation


def managed_consultation(
    slug: str, may: Callable[..., bool] = can_manage_consultation
) -> Consultation:
    """The consultation, for someone ``may`` lets manage it (by default, who manages it)."""
    consultation = consultation_or_404(slug)
    if not may(current_user, consultation):
        abort(403)
    return consultation
