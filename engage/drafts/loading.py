"""Loading a consultation's draft for a page, or 404: for the draft pages and amendments'."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from engage.consultations import queries as consultation_queries
from engage.consultations.permissions import can_view_consultation
from engage.drafts import queries
from engage.drafts.models import Draft
from engage.drafts.permissions import can_view_draft


def load_consultation(slug: str):
    consultation = consultation_queries.by_slug(slug)
    if consultation is None or not can_view_consultation(current_user, consultation):
        abort(404)
    return consultation


def load_draft(slug: str) -> Draft:
    draft = queries.draft_for(load_consultation(slug))
    if draft is None or not can_view_draft(current_user, draft):
        abort(404)
    return draft
