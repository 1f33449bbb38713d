"""What the queue's, the decisions' and the appeals' pages share: the moderator check,
loading a case, the decisions that fit it, and the case page itself."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from engage.extensions import db
from engage.htmx import render
from engage.moderation.decision_models import Decision, ModerationAction
from engage.moderation.decisions import service as actions
from engage.moderation.models import ModerationCase, Visibility
from engage.permissions import can_moderate


def require_moderator() -> None:
    if not can_moderate(current_user):
        abort(403)


def actions_for(entry) -> tuple[str, ...]:
    """The decisions that make sense for this case's item as it is now."""
    if entry.case.target_type == "user":
        return (Decision.DISMISS, Decision.SUSPEND)
    if entry.visibility == Visibility.PENDING:
        return (Decision.APPROVE, Decision.HIDE, Decision.REQUEST_EDIT, Decision.SUSPEND)
    return (Decision.DISMISS, Decision.HIDE, Decision.REQUEST_EDIT, Decision.SUSPEND)


def case_or_404(case_id: int) -> ModerationCase:
    return db.get_or_404(ModerationCase, case_id)


def case_page(entry, form, status: int = 200, error: str | None = None):
    """One case in full: the item, its reports, the last decisions on it, and the form."""
    history = db.session.scalars(
        select(ModerationAction)
        .where(
            ModerationAction.target_type == entry.case.target_type,
            ModerationAction.target_id == entry.case.target_id,
        )
        .order_by(ModerationAction.id.desc())
        .limit(20)
    ).all()
    return render(
        "moderation/case.html",
        fragment="moderation/_decision.html",
        entry=entry,
        case=entry.case,
        form=form,
        history=history,
        status=status,
        error=error,
        claimed_by_other=actions.claimed_by_other(current_user, entry.case),
    )
