"""Moderators' decisions on cases: dismiss, approve, hide, ask to edit, restore, suspend.

Each decision cites a rule of the guidelines in force, closes the case, sets what the
placeholder says, changes the item's visibility through the content adapter, and is
written to the audit log. Moderators never decide about their own content.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage import signals
from engage.accounts.models import User
from engage.audit.service import record
from engage.database import utcnow
from engage.extensions import db
from engage.guidelines.service import current_version
from engage.moderation import content, permissions
from engage.moderation.decision_models import (
    Decision,
    ModerationAction,
    Suspension,
    public_ref,
)
from engage.moderation.models import CaseState, ModerationCase, Visibility
from engage.moderation.queue.queries import CLAIM_MINUTES

NEEDS_RULE = (Decision.HIDE, Decision.REQUEST_EDIT, Decision.SUSPEND)
NEEDS_NOTE = (Decision.HIDE, Decision.REQUEST_EDIT, Decision.SUSPEND)
MAX_SUSPENSION_DAYS = 365


class ModerationError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Claims ---------------------------------------------------------------------------------


def claimed_by_other(moderator: Any, case: ModerationCase) -> bool:
    if case.claimed_by_id in (None, moderator.id) or case.claimed_at is None:
        return False
    return case.claimed_at > utcnow() - timedelta(minutes=CLAIM_MINUTES)


def claim(moderator: Any, case: ModerationCase) -> None:
    """Mark the case as being worked on, so another moderator leaves it alone."""
    _check(moderator, case)
    case.claimed_by_id = moderator.id
    case.claimed_at = utcnow()
    db.session.flush()


def release(moderator: Any, case: ModerationCase) -> None:
    if case.claimed_by_id == moderator.id:
        case.claimed_by_id = None
        case.claimed_at = None
        db.session.flush()


def _check(moderator: Any, case: ModerationCase) -> None:
    if not permissions.can_moderate_content(moderator, case):
        raise ModerationError(_("You can't moderate your own contributions."))
    if not case.is_open:
        raise ModerationError(_("This case has already been decided."))
    if claimed_by_other(moderator, case):
        raise ModerationError(
            _("%(name)s is working on this case.", name=case.claimed_by.display_name)
        )


# Decisions ------------------------------------------------------------------------------


def act(
    moderator: Any,
    case: ModerationCase,
    action: str,
    *,
    rule_number: int | None = None,
    note: str = "",
    days: int | None = None,
) -> ModerationAction:
    """Decide an open case. Raises ModerationError (with the form field) when it can't."""
    _check(moderator, case)
    note = (note or "").strip()
    version = current_version()
    rule = version.rule(rule_number) if rule_number is not None else None
    if action in NEEDS_RULE and rule is None:
        raise ModerationError(_("Choose the rule this decision is based on."), "rule")
    if action in NEEDS_NOTE and not note:
        raise ModerationError(_("Explain the decision: the author will read it."), "note")
    if action == Decision.SUSPEND and not (days and 1 <= days <= MAX_SUSPENSION_DAYS):
        raise ModerationError(_("Suspend for 1 to %(max)d days.", max=MAX_SUSPENSION_DAYS), "days")
    item = content.load(case.target_type, case.target_id)
    before = content.visibility(item) if item is not None else None
    after = _apply(action, item, before)
    case.public_reason = _public_reason(action, rule, note)
    case.state = CaseState.CLOSED
    case.closed_at = utcnow()
    case.claimed_by_id = None
    case.claimed_at = None
    decision = _action_row(moderator, case, action, rule, version, note)
    if action == Decision.SUSPEND:
        suspend(moderator, case.author_id, days, note, decision)
    details = {
        "visibility": after,
        "rule": rule_number,
        "case_id": case.id,
        "action_id": decision.id,
    }
    if action == Decision.SUSPEND:
        details["days"] = days
    record(
        moderator,
        f"moderation.{action}",
        case.target_type,
        case.target_id,
        note,
        before={"visibility": before} if before else None,
        after=details,
    )
    signals.moderation_decided.send(decision)
    return decision


def _apply(action: str, item: Any, before: str | None) -> str | None:
    if item is None or content.kind(item) == "user":
        return before
    if action in (Decision.HIDE, Decision.REQUEST_EDIT, Decision.SUSPEND):
        content.set_visibility(item, Visibility.HIDDEN)
    elif action in (Decision.DISMISS, Decision.APPROVE, Decision.RESTORE):
        content.set_visibility(item, Visibility.VISIBLE)
    return content.visibility(item)


def _public_reason(action: str, rule: Any, note: str) -> str:
    """What the placeholder says (stored in English like the intake's reasons; pages that
    know the action show it translated)."""
    if action in (Decision.HIDE, Decision.SUSPEND):
        return f"Hidden by a moderator under rule {rule.number} — {rule.title}: {note}"
    if action == Decision.REQUEST_EDIT:
        return (
            f"Hidden until edited: a moderator asked the author to edit it under rule "
            f"{rule.number} — {rule.title}: {note}"
        )
    return ""


_HIDDEN = re.compile(r"^Hidden by a moderator under rule (\d+) — (.*?): (.*)$", re.S)
_EDIT = re.compile(
    r"^Hidden until edited: a moderator asked the author to edit it under rule (\d+) — "
    r"(.*?): (.*)$",
    re.S,
)


def translated_reason(public_reason: str) -> str:
    """A decision's placeholder text in the reader's language (the stored one is English)."""
    for pattern, message in (
        (_HIDDEN, _l("Hidden by a moderator under rule %(n)s — %(title)s: %(note)s")),
        (
            _EDIT,
            _l(
                "Hidden until edited: a moderator asked the author to edit it under rule "
                "%(n)s — %(title)s: %(note)s"
            ),
        ),
    ):
        match = pattern.match(public_reason or "")
        if match:
            n, title, note = match.groups()
            return str(message) % {"n": n, "title": title, "note": note}
    return public_reason


def _action_row(moderator, case, action, rule, version, note, *, target=None) -> ModerationAction:
    target_type, target_id = target or (case.target_type, case.target_id)
    opened = case.opened_at if case is not None else None
    decision = ModerationAction(
        case_id=case.id if case is not None else None,
        target_type=target_type,
        target_id=target_id,
        consultation_id=case.consultation_id if case is not None else None,
        author_id=case.author_id if case is not None else None,
        moderator_id=moderator.id,
        action=action,
        rule_number=rule.number if rule is not None else None,
        guidelines_version_id=version.id if rule is not None else None,
        note=note,
        public_ref=public_ref(target_type, target_id),
        response_seconds=int((utcnow() - opened).total_seconds()) if opened else None,
        created_at=utcnow(),
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def suspend(moderator: Any, user_id: int | None, days: int, reason: str, decision) -> Suspension:
    user = db.session.get(User, user_id)
    if user is None:
        raise ModerationError(_("There is nobody to suspend here."), "action")
    if user.id == moderator.id:
        raise ModerationError(_("You can't moderate your own contributions."))
    ends = utcnow() + timedelta(days=days)
    suspension = Suspension(
        user_id=user.id,
        action_id=decision.id,
        moderator_id=moderator.id,
        reason=reason,
        starts_at=utcnow(),
        ends_at=ends,
    )
    db.session.add(suspension)
    if user.suspended_until is None or user.suspended_until < ends:
        user.suspended_until = ends
    db.session.flush()
    return suspension


def undo(
    moderator: Any, original: ModerationAction, note: str, *, announce: bool = True
) -> ModerationAction:
    """Restore what ``original`` hid (or lift its suspension), as a new action. The author
    hears of it (moderation_decided), unless the caller tells them itself (an appeal's
    outcome)."""
    item = content.load(original.target_type, original.target_id)
    before = content.visibility(item) if item is not None else None
    if item is not None and content.kind(item) != "user":
        content.set_visibility(item, Visibility.VISIBLE)
    if original.action == Decision.SUSPEND:
        user = db.session.get(User, original.author_id)
        if user is not None:
            user.suspended_until = None
    case = db.session.get(ModerationCase, original.case_id) if original.case_id else None
    if case is not None:
        case.public_reason = ""
        if original.action == Decision.AUTO_HIDE and case.is_open:
            # The appeal settled what the reports asked: nothing is left to decide.
            case.state = CaseState.CLOSED
            case.closed_at = utcnow()
    decision = ModerationAction(
        case_id=original.case_id,
        target_type=original.target_type,
        target_id=original.target_id,
        consultation_id=original.consultation_id,
        author_id=original.author_id,
        moderator_id=moderator.id,
        action=Decision.RESTORE,  # cites no rule: it overturns ``original``
        note=note,
        public_ref=original.public_ref,
        created_at=utcnow(),
    )
    db.session.add(decision)
    db.session.flush()
    record(
        moderator,
        "moderation.restore",
        original.target_type,
        original.target_id,
        note,
        before={"visibility": before},
        after={
            "visibility": Visibility.VISIBLE,
            "action_id": decision.id,
            "undoes_action_id": original.id,
        },
    )
    if announce:
        signals.moderation_decided.send(decision)
    return decision


def bulk_act(moderator: Any, cases: list[ModerationCase], action: str, **kwargs):
    """Apply one decision to several cases; returns (done, [(case, why it was skipped)])."""
    done, skipped = [], []
    for case in cases:
        try:
            with db.session.begin_nested():
                done.append(act(moderator, case, action, **kwargs))
        except ModerationError as error:
            if error.field:  # the same form problem for every case: report it once
                raise
            skipped.append((case, error.message))
    return done, skipped
