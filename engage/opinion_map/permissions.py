"""Who may set up the opinion map, vote on its statements and add statements to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from engage.consultations.models import ConsultationStatus
from engage.consultations.permissions import can_manage_consultation
from engage.dates import when
from engage.permissions import Person, can_participate, signed_in, suspension_refusal

if TYPE_CHECKING:
    from engage.consultations.models import Consultation


def can_set_up_opinion_map(user: Person, consultation: Consultation) -> bool:
    """Officials who manage the consultation turn the map on and seed its statements."""
    return can_manage_consultation(user, consultation)


def vote_refusal(user: Person, consultation: Consultation) -> str | None:
    """Why this person can't vote on statements here now; None when they can."""
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        return _(
            "Voting opens when this consultation opens on %(date)s.",
            date=when(consultation.opens_at),
        )
    if status in (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME):
        return _(
            "Voting closed when this consultation closed on %(date)s; the results stay here.",
            date=when(consultation.closes_at),
        )
    if status != ConsultationStatus.OPEN:
        return _("Voting opens once this consultation is published.")
    if not signed_in(user):
        return _("Sign in to vote on statements.")
    if not can_participate(user):
        return _("Confirm your email address to vote on statements.")
    return suspension_refusal(user)


def can_vote_on_statements(user: Person, consultation: Consultation) -> bool:
    return vote_refusal(user, consultation) is None


def statement_refusal(user: Person, consultation: Consultation) -> str | None:
    """Why this person can't add a statement here now; None when they can."""
    refusal = vote_refusal(user, consultation)
    if refusal is None:
        return None
    if not signed_in(user) and consultation.status == ConsultationStatus.OPEN:
        return _("Sign in to add a statement.")
    if signed_in(user) and not can_participate(user):
        return _("Confirm your email address to add a statement.")
    return refusal


def can_add_statement(user: Person, consultation: Consultation) -> bool:
    return statement_refusal(user, consultation) is None


PREDICATES = {
    "set_up_opinion_map": can_set_up_opinion_map,
    "vote_on_statements": can_vote_on_statements,
    "add_statement": can_add_statement,
}
REFUSALS = {"vote_on_statements": vote_refusal, "add_statement": statement_refusal}
