"""Every change to official responses, outcome reports and commitments: validate, write,
audit, flush (the request commits), then tell listeners (engage.signals)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from engage import signals
from engage.audit.service import record
from engage.concurrency import claim, differences
from engage.consultations.models import Consultation, ConsultationStatus
from engage.database import increment, utcnow
from engage.extensions import db
from engage.outcomes import queries, statistics
from engage.outcomes.models import (
    SOURCE_TYPES,
    Commitment,
    CommitmentSource,
    CommitmentStatus,
    CommitmentUpdate,
    Milestone,
    OfficialResponse,
    Outcome,
    ResponseStatus,
)
from engage.proposals.models import Proposal


class OutcomeError(ValueError):
    """A change the rules don't allow; the message is for people."""


# Responses ------------------------------------------------------------------------------


def respond(official: Any, proposal: Proposal, status: str, reason: str) -> OfficialResponse:
    """Answer a proposal. A new answer never overwrites: it becomes the current one and the
    earlier ones stay as history."""
    if status not in tuple(ResponseStatus):
        raise OutcomeError(_("Choose one of the listed answers."))
    previous = queries.current_response("proposal", proposal.id)
    response = OfficialResponse(
        target_type="proposal",
        target_id=proposal.id,
        consultation_id=proposal.consultation_id,
        official_id=official.id,
        status=status,
        reason=reason,
        created_at=utcnow(),
    )
    db.session.add(response)
    if proposal.answered_at is None:
        proposal.answered_at = response.created_at
    db.session.flush()
    record(
        official,
        "proposal.answered",
        "proposal",
        proposal.id,
        reason=reason,
        before={"status": previous.status} if previous else None,
        after={"status": status, "response_id": response.id},
    )
    signals.response_given.send(
        response, actor=official, target=proposal, previous=previous.status if previous else None
    )
    return response


# The outcome report ---------------------------------------------------------------------


def save_outcome(
    official: Any,
    consultation: Consultation,
    heard: str,
    decided: str,
    loaded_version: int | None = None,
) -> Outcome:
    """Write (or correct) the report. Corrections after publishing are audited with the
    text before and after. Raises EditConflict, writing nothing, when another official
    saved it after ``loaded_version`` (0: there was no report when the form was loaded)."""
    outcome = queries.outcome_for(consultation)
    now = utcnow()
    mine = {"heard": heard, "decided": decided}
    if outcome is not None and differences(outcome, mine):
        claim(outcome, loaded_version, official, mine)
    if outcome is None:
        outcome = Outcome(
            consultation_id=consultation.id,
            created_by_id=official.id,
            created_at=now,
            heard="",
            decided="",
        )
        db.session.add(outcome)
    before = {"heard": outcome.heard, "decided": outcome.decided}
    outcome.heard, outcome.decided, outcome.updated_at = heard, decided, now
    db.session.flush()
    if outcome.is_published:
        record(
            official,
            "outcome.edited",
            "consultation",
            consultation.id,
            before=before,
            after={"heard": heard, "decided": decided},
        )
        signals.outcome_corrected.send(outcome, actor=official, consultation=consultation)
    return outcome


def publish_refusal(consultation: Consultation, outcome: Outcome | None) -> str | None:
    """Why the outcome can't be published now; None when it can."""
    if outcome is not None and outcome.is_published:
        return _("The outcome is already published.")
    if consultation.status != ConsultationStatus.CLOSED:
        return _("The outcome can be published once the consultation has closed.")
    if outcome is None or not (outcome.heard.strip() and outcome.decided.strip()):
        return _("Write what you heard and what was decided first.")
    waiting = queries.unanswered_over_threshold(consultation)
    if waiting:
        return ngettext(
            "%(num)d proposal reached the support threshold and has no answer yet.",
            "%(num)d proposals reached the support threshold and have no answer yet.",
            waiting,
        )
    return None


def publish_outcome(official: Any, consultation: Consultation) -> Outcome:
    """Publish the report: the consultation moves to "outcome published", and the
    participation statistics are frozen as they are now."""
    outcome = queries.outcome_for(consultation)
    refusal = publish_refusal(consultation, outcome)
    if refusal:
        raise OutcomeError(refusal)
    now = utcnow()
    outcome.statistics = statistics.participation(consultation)
    outcome.published_at, outcome.published_by_id = now, official.id
    consultation.outcome_published_at = now
    db.session.flush()
    record(
        official,
        "outcome.published",
        "consultation",
        consultation.id,
        after={"outcome_id": outcome.id, "statistics": outcome.statistics},
    )
    signals.outcome_published.send(outcome, actor=official, consultation=consultation)
    return outcome


# Commitments ----------------------------------------------------------------------------


def add_commitment(
    official: Any,
    outcome: Outcome,
    title: str,
    description: str,
    due_on: date | None,
    sources: list[tuple[str, int]],
) -> Commitment:
    """A promise the outcome makes, linked to the inputs it came from."""
    now = utcnow()
    commitment = Commitment(
        outcome_id=outcome.id,
        consultation_id=outcome.consultation_id,
        title=title,
        description=description,
        due_on=due_on,
        created_by_id=official.id,
        created_at=now,
        updated_at=now,
        status=CommitmentStatus.NOT_STARTED,
        percent_done=0,
    )
    commitment.sources = [
        CommitmentSource(target_type=t, target_id=i)
        for t, i in dict.fromkeys(sources)
        if t in SOURCE_TYPES
    ]
    db.session.add(commitment)
    increment(outcome, commitment_count=1)
    db.session.flush()
    record(
        official,
        "commitment.created",
        "commitment",
        commitment.id,
        after={"title": title, "sources": [list(s) for s in sources]},
    )
    signals.commitment_changed.send(commitment, actor=official, update=None)
    return commitment


def add_update(
    official: Any, commitment: Commitment, body: str, status: str, percent_done: int
) -> CommitmentUpdate:
    """A dated progress note that also moves the commitment's status and percentage."""
    if status not in tuple(CommitmentStatus):
        raise OutcomeError(_("Choose one of the listed statuses."))
    percent_done = 100 if status == CommitmentStatus.COMPLETED else max(0, min(100, percent_done))
    before = {"status": commitment.status, "percent_done": commitment.percent_done}
    now = utcnow()
    entry = CommitmentUpdate(
        commitment_id=commitment.id,
        author_id=official.id,
        body=body,
        status=status,
        percent_done=percent_done,
        created_at=now,
    )
    db.session.add(entry)
    commitment.status, commitment.percent_done, commitment.updated_at = status, percent_done, now
    increment(commitment, update_count=1)
    db.session.flush()
    record(
        official,
        "commitment.updated",
        "commitment",
        commitment.id,
        reason=body,
        before=before,
        after={"status": status, "percent_done": percent_done},
    )
    signals.commitment_changed.send(commitment, actor=official, update=entry)
    return entry


def add_milestone(
    official: Any, commitment: Commitment, title: str, due_on: date | None
) -> Milestone:
    milestone = Milestone(
        commitment_id=commitment.id, title=title, due_on=due_on, created_at=utcnow()
    )
    db.session.add(milestone)
    db.session.flush()
    record(
        official,
        "milestone.created",
        "commitment",
        commitment.id,
        after={"milestone_id": milestone.id, "title": title},
    )
    return milestone


def complete_milestone(official: Any, milestone: Milestone) -> bool:
    """Mark a milestone reached; False when it already was."""
    if milestone.done_at is not None:
        return False
    milestone.done_at = utcnow()
    db.session.flush()
    record(
        official,
        "milestone.reached",
        "commitment",
        milestone.commitment_id,
        after={"milestone_id": milestone.id, "title": milestone.title},
    )
    return True
