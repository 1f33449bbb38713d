"""Loading a consultation's draft for a page, or 404: for the draft pages and amendments'."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from engage.consultations.loading import consultation_or_404
from engage.drafts import queries
from engage.drafts.models import Draft
from engage.drafts.permissions import can_view_draft


def load_draft(slug: str) -> Draft:
    draft = queries.draft_for(consultation_or_404(slug))
    if draft is None or not can_view_draft(current_user, draft):
        abort(404)
    return draft
