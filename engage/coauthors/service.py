"""Inviting co-authors and answering invitations. The proposal's coauthor_count moves
with an SQL increment in the same transaction as the answer."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage import mail
from engage.accounts.models import find_user_by_email, normalise_email
from engage.audit.service import record
from engage.coauthors.models import CoauthorStatus, ProposalCoauthor
from engage.coauthors.queries import invitation
from engage.database import increment, utcnow
from engage.extensions import db
from engage.proposals.models import Proposal


class CoauthorError(Exception):
    """An invitation that can't be sent; the message says why, for the form."""


def invite(inviter: Any, proposal: Proposal, email: str) -> None:
    """Invite whoever has an account with this email; a declined invitation may be sent again.

    The author hears the same whatever the address is: nothing tells them whether it has an
    account, nor whose. An unknown address, an open invitation or an accepted co-author gets
    no email and no row. Names are shown only once an invitation is accepted.
    """
    if normalise_email(email) == normalise_email(inviter.email):
        raise CoauthorError(_("You already wrote this proposal."))
    invitee = find_user_by_email(email)
    if invitee is None or invitee.id == proposal.author_id:
        return
    existing = invitation(proposal, invitee)
    if existing is not None and existing.status != CoauthorStatus.DECLINED:
        return
    now = utcnow()
    if existing is None:
        existing = ProposalCoauthor(
            proposal_id=proposal.id, user_id=invitee.id, created_at=now, invited_by_id=inviter.id
        )
        db.session.add(existing)
    existing.status, existing.responded_at, existing.created_at = CoauthorStatus.INVITED, None, now
    existing.invited_by_id = inviter.id
    db.session.flush()
    record(
        inviter, "proposal.coauthor_invited", "proposal", proposal.id, after={"user_id": invitee.id}
    )
    _send_invitation(inviter, proposal, invitee)


def _send_invitation(inviter: Any, proposal: Proposal, invitee: Any) -> None:
    link = mail.external_url("coauthors.invitation", proposal_id=proposal.id)
    mail.send_to(
        invitee,
        _l("%(name)s invites you to write a proposal together", name=inviter.display_name),
        "coauthors/email/invitation",
        invitee=invitee,
        inviter=inviter,
        proposal=proposal,
        link=link,
    )


def respond(user: Any, proposal: Proposal, accept: bool) -> ProposalCoauthor | None:
    """Accept or decline this person's open invitation; None when there is none."""
    found = invitation(proposal, user)
    if found is None or found.status != CoauthorStatus.INVITED:
        return None
    found.status = CoauthorStatus.ACCEPTED if accept else CoauthorStatus.DECLINED
    found.responded_at = utcnow()
    if accept:
        increment(proposal, coauthor_count=1)
    db.session.flush()
    record(user, f"proposal.coauthor_{found.status}", "proposal", proposal.id)
    return found
