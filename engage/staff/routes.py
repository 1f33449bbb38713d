"""The staff home: what needs the signed-in moderator or official today."""

from __future__ import annotations

from flask import abort
from flask_login import current_user, login_required

from engage.database import utcnow
from engage.htmx import render
from engage.staff import bp, queries
from engage.staff.permissions import has_worklist


@bp.get("")
@login_required
def today():
    """Answers owed in the consultations this person manages, most overdue first; the
    moderation queue by urgency, and appeals waiting."""
    if not has_worklist(current_user):
        abort(403)
    now = utcnow()
    return render(
        "staff/today.html",
        official=queries.official_work(current_user, now),
        moderation=queries.moderation_work(current_user),
        now=now,
    )
