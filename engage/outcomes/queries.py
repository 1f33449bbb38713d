"""Reading responses, outcomes and commitments; each function is a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import lazyload

from engage.amendments.models import Amendment, AmendmentStatus
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import inputs
from engage.outcomes.models import (
    Commitment,
    CommitmentSource,
    CommitmentUpdate,
    OfficialResponse,
    Outcome,
)
from engage.pagination import KeysetPage, keyset_page
from engage.proposals.models import Proposal

R = OfficialResponse


def _latest_ids(target_type: str, ids: Iterable[int]):
    return (
        select(func.max(R.id))
        .where(R.target_type == target_type, R.target_id.in_(list(ids)))
        .group_by(R.target_id)
    )


def current_responses(
    target_type: str, ids: Iterable[int], with_official: bool = True
) -> dict[int, OfficialResponse]:
    """The current answer for each of these targets, in one query."""
    ids = list(ids)
    if not ids:
        return {}
    query = select(R).where(R.id.in_(_latest_ids(target_type, ids)))
    if not with_official:
        query = query.options(lazyload(R.official))
    rows = db.session.scalars(query)
    return {r.target_id: r for r in rows}


def current_response(target_type: str, target_id: int) -> OfficialResponse | None:
    return current_responses(target_type, [target_id]).get(target_id)


def response_history(target_type: str, target_id: int) -> list[OfficialResponse]:
    """Every answer given, newest first (the first one is current)."""
    query = select(R).where(R.target_type == target_type, R.target_id == target_id)
    return list(db.session.scalars(query.order_by(R.id.desc())))


def is_overdue(proposal: Proposal, response: OfficialResponse | None, now: datetime) -> bool:
    return (
        response is None and proposal.response_due_at is not None and proposal.response_due_at < now
    )


def outcome_for(consultation: Consultation) -> Outcome | None:
    """The consultation's report (its consultation is the one given: not loaded again)."""
    query = select(Outcome).where(Outcome.consultation_id == consultation.id)
    return db.session.scalar(query.options(lazyload(Outcome.consultation)))


def unanswered_over_threshold(consultation: Consultation) -> int:
    """Proposals that reached the threshold (so must be answered) and have no answer."""
    query = select(func.count(Proposal.id)).where(
        Proposal.consultation_id == consultation.id,
        Proposal.threshold_reached_at.is_not(None),
        Proposal.answered_at.is_(None),
        *inputs.visible_proposals(),
    )
    return db.session.scalar(query) or 0


# The answering list's order, most urgent first: overdue (the due date passed without an
# answer), then due (soonest first), then over the threshold without a due date, then the
# other unanswered proposals, then the answered ones (newest first within each).
OVERDUE, DUE, OVER_THRESHOLD, UNANSWERED, ANSWERED = range(5)
PAGE_SIZE = 20


def _urgency(now: datetime):
    waiting = and_(Proposal.answered_at.is_(None), Proposal.threshold_reached_at.is_not(None))
    return case(
        (and_(waiting, Proposal.response_due_at < now), literal_column(str(OVERDUE))),
        (and_(waiting, Proposal.response_due_at.is_not(None)), literal_column(str(DUE))),
        (waiting, literal_column(str(OVER_THRESHOLD))),
        (Proposal.answered_at.is_(None), literal_column(str(UNANSWERED))),
        else_=literal_column(str(ANSWERED)),
    )


def urgency_of(proposal: Proposal, now: datetime) -> int:
    """The same rank as ``_urgency``, for one proposal already loaded."""
    if proposal.answered_at is not None:
        return ANSWERED
    if proposal.threshold_reached_at is None:
        return UNANSWERED
    if proposal.response_due_at is None:
        return OVER_THRESHOLD
    return OVERDUE if proposal.response_due_at < now else DUE


def proposals_to_answer(
    consultation: Consultation,
    after: int | None,
    unanswered_only: bool = False,
    waiting_only: bool = False,
) -> KeysetPage:
    """The officials' answering list: visible proposals, most urgent first, a page at a
    time. ``after`` is the last proposal shown; the next page starts after its place.
    ``waiting_only``: those over the threshold without an answer (what the banner counts)."""
    now = utcnow()
    rank = _urgency(now)
    # The due date orders the overdue and due ranks only; elsewhere it ties (NULL).
    due = case((rank <= literal_column(str(DUE)), Proposal.response_due_at), else_=None)
    query = select(Proposal).where(
        Proposal.consultation_id == consultation.id, *inputs.visible_proposals()
    )
    if unanswered_only:
        answered = select(R.target_id).where(
            R.target_type == "proposal", R.consultation_id == consultation.id
        )
        query = query.where(Proposal.id.not_in(answered))
    if waiting_only:
        query = query.where(
            Proposal.threshold_reached_at.is_not(None), Proposal.answered_at.is_(None)
        )
    last = db.session.get(Proposal, after) if after is not None else None
    if last is not None and last.consultation_id == consultation.id:
        last_rank = urgency_of(last, now)
        same_rank = Proposal.id < last.id
        if last_rank <= DUE:
            same_rank = or_(
                Proposal.response_due_at > last.response_due_at,
                and_(Proposal.response_due_at == last.response_due_at, same_rank),
            )
        query = query.where(or_(rank > last_rank, and_(rank == last_rank, same_rank)))
    query = query.order_by(rank, due, Proposal.id.desc()).limit(PAGE_SIZE + 1)
    rows = db.session.scalars(query).unique().all()
    items = list(rows[:PAGE_SIZE])
    next_after = items[-1].id if len(rows) > PAGE_SIZE else None
    return KeysetPage(items=items, next_after=next_after, after=after)


@dataclass(frozen=True, slots=True)
class InputRow:
    """What the report shows of a proposal: its link, title and supports."""

    id: int
    title: str
    support_count: int


@dataclass(frozen=True, slots=True)
class AnswerRow:
    status: str
    reason: str


def answered_inputs(consultation: Consultation) -> dict:
    """What the outcome report links to: every visible proposal with its current answer and
    reason (one query, only the columns shown: a report can list thousands), every decided
    amendment (when co-drafting is installed)."""
    latest = (
        select(func.max(R.id).label("id"))
        .where(R.target_type == "proposal", R.consultation_id == consultation.id)
        .group_by(R.target_id)
        .subquery()
    )
    current = (
        select(R.target_id, R.status, R.reason).where(R.id.in_(select(latest.c.id))).subquery()
    )
    rows = db.session.execute(
        select(
            Proposal.id, Proposal.title, Proposal.support_count, current.c.status, current.c.reason
        )
        .outerjoin(current, current.c.target_id == Proposal.id)
        .where(Proposal.consultation_id == consultation.id, *inputs.visible_proposals())
        .order_by(Proposal.id)
    )
    proposals = [
        (InputRow(pid, title, supports), AnswerRow(status, reason) if status else None)
        for pid, title, supports, status, reason in rows
    ]
    return {"proposals": proposals, "amendments": decided_amendments(consultation)}


def amendments_waiting(consultation: Consultation) -> int:
    """Visible amendments still waiting for their accept/reject decision (their answer)."""
    query = select(func.count(Amendment.id)).where(
        Amendment.consultation_id == consultation.id,
        Amendment.status == AmendmentStatus.PROPOSED,
        inputs.visible(Amendment),
    )
    return db.session.scalar(query) or 0


def decided_amendments(consultation: Consultation) -> list:
    query = select(Amendment).where(
        Amendment.consultation_id == consultation.id,
        Amendment.status.in_((AmendmentStatus.ACCEPTED, AmendmentStatus.REJECTED)),
        *inputs.visible_amendments(),
    )
    query = query.options(lazyload(Amendment.author))
    return list(db.session.scalars(query.order_by(Amendment.id)))


def commitments_for(outcome: Outcome | None) -> list[Commitment]:
    if outcome is None:
        return []
    query = select(Commitment).where(Commitment.outcome_id == outcome.id)
    query = query.options(lazyload(Commitment.outcome))  # the caller has it
    return list(db.session.scalars(query.order_by(Commitment.id)))


def commitments_from(target_type: str, target_id: int) -> list[Commitment]:
    """Commitments that came from this input, on published outcomes only."""
    query = (
        select(Commitment)
        .join(CommitmentSource, CommitmentSource.commitment_id == Commitment.id)
        .join(Outcome, Outcome.id == Commitment.outcome_id)
        .where(
            CommitmentSource.target_type == target_type,
            CommitmentSource.target_id == target_id,
            Outcome.published_at.is_not(None),
        )
        .order_by(Commitment.id)
    )
    return list(db.session.scalars(query))


def commitment_updates(commitment: Commitment, after: int | None) -> KeysetPage:
    query = select(CommitmentUpdate).where(CommitmentUpdate.commitment_id == commitment.id)
    return keyset_page(query, CommitmentUpdate.id, after)


def source_titles(commitments: list[Commitment]) -> dict[tuple[str, int], str]:
    """Titles of the proposals and amendments commitments came from (a query per kind)."""
    wanted: dict[str, set[int]] = {}
    for c in commitments:
        for s in c.sources:
            wanted.setdefault(s.target_type, set()).add(s.target_id)
    titles: dict[tuple[str, int], str] = {}
    if wanted.get("proposal"):
        rows = db.session.execute(
            select(Proposal.id, Proposal.title).where(Proposal.id.in_(wanted["proposal"]))
        )
        titles.update({("proposal", i): title for i, title in rows})
    if wanted.get("amendment"):
        found = db.session.scalars(select(Amendment).where(Amendment.id.in_(wanted["amendment"])))
        titles.update({("amendment", a.id): a.title for a in found})
    return titles
