"""Who may propose, support, withdraw and decide amendments to a draft's clauses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from engage.consultations.permissions import can_manage_consultation, participation_refusal
from engage.moderation.models import Visibility
from engage.permissions import Person, signed_in

if TYPE_CHECKING:
    from engage.amendments.models import Amendment
    from engage.drafts.models import Clause


def amendment_refusal(user: Person, clause: Clause) -> str | None:
    """Why this person can't propose an amendment to this clause now; None when they can."""
    reason = participation_refusal(user, clause.draft.consultation)
    if reason:
        return reason
    if clause.removed:
        return _("This clause was removed from the draft.")
    return None


def can_propose_amendment(user: Person, clause: Clause) -> bool:
    return amendment_refusal(user, clause) is None


def amendment_support_refusal(user: Person, amendment: Amendment) -> str | None:
    reason = participation_refusal(user, amendment.clause.draft.consultation)
    if reason:
        return reason
    if amendment.visibility == Visibility.PENDING:
        return _(
            "This amendment is awaiting review by a moderator. "
            "It can take support once it is published."
        )
    if amendment.visibility != Visibility.VISIBLE:
        return _("This amendment is hidden by a moderator, so it can't take support.")
    if not amendment.is_open:
        return _("This amendment is no longer open for support.")
    if amendment.author_id == user.id:
        return _("You can't support your own amendment.")
    return None


def can_support_amendment(user: Person, amendment: Amendment) -> bool:
    return amendment_support_refusal(user, amendment) is None


def is_author(user: Person, amendment: Amendment) -> bool:
    return signed_in(user) and user.id == amendment.author_id


def withdraw_refusal(user: Person, amendment: Amendment) -> str | None:
    """Why its author can't withdraw it now (others simply may not)."""
    if not amendment.is_open:
        return _("This amendment has already been decided or withdrawn.")
    return None


def can_withdraw_amendment(user: Person, amendment: Amendment) -> bool:
    """Only its author, while it waits for a decision."""
    return is_author(user, amendment) and withdraw_refusal(user, amendment) is None


def can_decide_amendment(user: Person, amendment: Amendment) -> bool:
    """Accept or reject: whoever edits the draft, while the amendment waits for a decision."""
    return (
        amendment.is_open
        and amendment.visibility == Visibility.VISIBLE
        and can_manage_consultation(user, amendment.clause.draft.consultation)
    )


PREDICATES = {
    "propose_amendment": can_propose_amendment,
    "support_amendment": can_support_amendment,
    "withdraw_amendment": can_withdraw_amendment,
    "decide_amendment": can_decide_amendment,
}
REFUSALS = {
    "propose_amendment": amendment_refusal,
    "support_amendment": amendment_support_refusal,
}
