"""Who may propose, support, edit and withdraw proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from engage import signals
from engage.consultations.permissions import participation_refusal
from engage.moderation.models import Visibility
from engage.permissions import Person, signed_in

if TYPE_CHECKING:
    from engage.consultations.models import Consultation
    from engage.proposals.models import Proposal


def can_propose(user: Person, consultation: Consultation) -> bool:
    return participation_refusal(user, consultation) is None


def support_refusal(user: Person, proposal: Proposal) -> str | None:
    reason = participation_refusal(user, proposal.consultation)
    if reason:
        return reason
    if proposal.is_withdrawn:
        return _("This proposal was withdrawn, so its supports can't change.")
    if proposal.visibility != Visibility.VISIBLE:
        return _("This proposal is held or hidden by moderation, so its supports can't change.")
    if proposal.author_id == user.id:
        return _("You can't support your own proposal.")
    return None


def can_support(user: Person, proposal: Proposal) -> bool:
    return support_refusal(user, proposal) is None


def is_author(user: Person, proposal: Proposal) -> bool:
    return signed_in(user) and user.id == proposal.author_id


def proposal_change_refusal(user: Person, proposal: Proposal) -> str | None:
    """Why the author can't edit or withdraw now (others simply may not)."""
    if proposal.is_withdrawn:
        return _("This proposal was withdrawn.")
    if not proposal.consultation.is_open:
        return _("Proposals can't be changed after the consultation has closed.")
    return None


def can_change_proposal(user: Person, proposal: Proposal) -> bool:
    """Edit or withdraw: only the author, while the consultation is open."""
    return is_author(user, proposal) and proposal_change_refusal(user, proposal) is None


def can_write_proposal(user: Person, proposal: Proposal) -> bool:
    """The author or an accepted co-author (engage/coauthors), whatever the proposal's state."""
    if not signed_in(user):
        return False
    if user.id == proposal.author_id:
        return True
    # Co-authors build on proposals, so proposals ask them through a signal.
    return any(answer for _receiver, answer in signals.writes_proposal.send(proposal, user=user))


def can_edit_proposal(user: Person, proposal: Proposal) -> bool:
    """Edit the wording: the author and accepted co-authors, while the consultation is open."""
    return proposal_change_refusal(user, proposal) is None and can_write_proposal(user, proposal)


def can_invite_coauthors(user: Person, proposal: Proposal) -> bool:
    """Only the author invites co-authors, while the proposal can still change."""
    return can_change_proposal(user, proposal)


PREDICATES = {
    "propose": can_propose,
    "support": can_support,
    "change_proposal": can_change_proposal,
    "edit_proposal": can_edit_proposal,
    "invite_coauthors": can_invite_coauthors,
}
REFUSALS = {
    "propose": participation_refusal,
    "support": support_refusal,
    "change_proposal": proposal_change_refusal,
}
