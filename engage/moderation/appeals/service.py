"""Appeals: the person an action was about asks another moderator to look again.

One appeal per action. A moderator who took the action, or who is the appellant, can't
decide it. Overturning undoes the action with a new 'restore' action; either outcome is
recorded on the appeal, in the audit log, and shown to the author and in the public log.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from engage import signals
from engage.audit.service import record
from engage.database import utcnow
from engage.extensions import db
from engage.moderation import permissions
from engage.moderation.decision_models import Appeal, AppealStatus, ModerationAction
from engage.moderation.decisions.service import ModerationError, undo


def file_appeal(appellant: Any, action: ModerationAction, statement: str) -> Appeal:
    if not permissions.can_appeal(appellant, action):
        raise ModerationError(_("You can't appeal this decision."))
    appeal = Appeal(
        action_id=action.id,
        appellant_id=appellant.id,
        statement=statement.strip(),
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(appeal)
    except IntegrityError as error:  # a second submission at the same moment
        raise ModerationError(_("You have already appealed this decision.")) from error
    record(
        appellant,
        "moderation.appeal_filed",
        "appeal",
        appeal.id,
        statement.strip(),
        after={"action_id": action.id},
    )
    return appeal


def decide(moderator: Any, appeal: Appeal, outcome: str, reason: str) -> Appeal:
    """Uphold the decision, or overturn it (which restores the item or lifts a suspension)."""
    if not permissions.can_decide_appeal(moderator, appeal):
        if appeal.status != AppealStatus.OPEN:
            raise ModerationError(_("This appeal has already been decided."))
        raise ModerationError(_("Another moderator decides appeals against your decisions."))
    if outcome not in (AppealStatus.UPHELD, AppealStatus.OVERTURNED):
        raise ModerationError(_("Choose an outcome."), "outcome")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Explain the outcome: the author will read it."), "reason")
    appeal.status = outcome
    appeal.decided_by_id = moderator.id
    appeal.decision_reason = reason
    appeal.decided_at = utcnow()
    if outcome == AppealStatus.OVERTURNED:
        appeal.result_action_id = undo(moderator, appeal.action, reason, announce=False).id
    record(
        moderator,
        f"moderation.appeal_{outcome}",
        "appeal",
        appeal.id,
        reason,
        before={"status": AppealStatus.OPEN},
        after={"status": outcome, "action_id": appeal.action_id},
    )
    db.session.flush()
    signals.appeal_decided.send(appeal)
    return appeal
