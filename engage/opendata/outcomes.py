"""Accountability datasets: official responses, published outcome reports, and the
commitments they made with their dated progress updates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from engage.opendata.core import joined, keyset_source, of_published, page_url, with_person
from engage.opendata.fields import (
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    Dataset,
    Field,
    person,
    public_name,
)
from engage.outcomes.models import (
    RESPONSE_TARGETS,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    OfficialResponse,
    Outcome,
    ResponseStatus,
)


def _responses():
    query = of_published(select(OfficialResponse), OfficialResponse.consultation_id)
    return query.options(with_person(OfficialResponse.official))


RESPONSES = Dataset(
    name="responses",
    title=_l("Official responses"),
    summary=_l("Officials' answers to proposals and amendments, with reasons and history."),
    fields=(
        Field("id", INTEGER, "Response id; for each target the highest id is its current answer."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("target_type", STRING, "What it answers.", enum=RESPONSE_TARGETS),
        Field("target_id", INTEGER, "Id of that proposal or amendment."),
        Field("status", STRING, "The answer.", enum=tuple(ResponseStatus)),
        Field("reason", STRING, "The official's reason (Markdown)."),
        person("official_id", "Pseudonymous id of the official who answered."),
        public_name("official_name", "Public name of that official.", "official"),
        Field("created_at", DATETIME, "When it was given (UTC)."),
    ),
    source=keyset_source(_responses, OfficialResponse.id, OfficialResponse.consultation_id),
)


def _published_outcome():
    return Outcome.published_at.is_not(None)


def _outcomes():
    return (
        of_published(select(Outcome), Outcome.consultation_id)
        .where(_published_outcome())
        .options(lazyload(Outcome.consultation), with_person(Outcome.published_by))
    )


OUTCOMES = Dataset(
    name="outcomes",
    title=_l("Outcome reports"),
    summary=_l("Published outcome reports: what was heard and what was decided."),
    fields=(
        Field("id", INTEGER, "Outcome id."),
        Field("consultation_id", INTEGER, "The consultation it closes."),
        Field("heard", STRING, "What was heard (Markdown)."),
        Field("decided", STRING, "What was decided (Markdown)."),
        Field("published_at", DATETIME, "When it was published (UTC)."),
        person("published_by_id", "Pseudonymous id of the publishing official.", nullable=True),
        public_name("published_by_name", "Public name of that official.", "published_by"),
        Field("commitment_count", INTEGER, "Commitments it made."),
    ),
    source=keyset_source(_outcomes, Outcome.id, Outcome.consultation_id),
)


def _of_published_outcome(query):
    """``query`` of commitments (or what they join), of a published outcome report."""
    query = query.join(Outcome, Commitment.outcome_id == Outcome.id)
    return of_published(query, Commitment.consultation_id).where(_published_outcome())


def _commitments():
    return _of_published_outcome(select(Commitment)).options(lazyload(Commitment.outcome))


COMMITMENTS = Dataset(
    name="commitments",
    title=_l("Commitments"),
    summary=_l("What each outcome promised, and how far each promise has got."),
    fields=(
        Field("id", INTEGER, "Commitment id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("outcome_id", INTEGER, "The outcome report that made it."),
        Field("title", STRING, "What was promised."),
        Field("description", STRING, "Details (Markdown); may be empty."),
        Field("status", STRING, "Where it stands.", enum=tuple(CommitmentStatus)),
        Field("percent_done", INTEGER, "Progress, 0 to 100."),
        Field("due_on", DATE, "When it is due.", nullable=True),
        Field(
            "sources",
            STRING,
            "The inputs it came from, space-separated: proposal:12 amendment:3 clause:7.",
            value=lambda c: " ".join(f"{s.target_type}:{s.target_id}" for s in c.sources),
        ),
        Field("milestones", INTEGER, "Milestones set.", value=lambda c: len(c.milestones)),
        Field(
            "milestones_done",
            INTEGER,
            "Milestones reached.",
            value=lambda c: sum(1 for m in c.milestones if m.done_at is not None),
        ),
        Field("update_count", INTEGER, "Progress updates (see commitment_updates)."),
        Field("created_at", DATETIME, "When it was recorded (UTC)."),
        Field("updated_at", DATETIME, "When it last changed (UTC)."),
        page_url("outcomes.view_commitment", "commitment_id"),
    ),
    source=keyset_source(_commitments, Commitment.id, Commitment.consultation_id),
)


def _updates():
    query = select(CommitmentUpdate, Commitment.consultation_id).join(
        Commitment, CommitmentUpdate.commitment_id == Commitment.id
    )
    return _of_published_outcome(query).options(with_person(CommitmentUpdate.author))


COMMITMENT_UPDATES = Dataset(
    name="commitment_updates",
    title=_l("Commitment updates"),
    summary=_l("Dated progress notes on each commitment."),
    fields=(
        Field("id", INTEGER, "Update id."),
        Field("commitment_id", INTEGER, "The commitment."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("body", STRING, "What happened (Markdown)."),
        Field("status", STRING, "The commitment's status after it.", enum=tuple(CommitmentStatus)),
        Field("percent_done", INTEGER, "Progress after it, 0 to 100."),
        person("author_id", "Pseudonymous id of the official who wrote it.", nullable=True),
        public_name("author_name", "Public name of that official.", "author"),
        Field("created_at", DATETIME, "When it was written (UTC)."),
    ),
    source=keyset_source(_updates, CommitmentUpdate.id, Commitment.consultation_id, read=joined),
)

OUTCOME_DATASETS = (RESPONSES, OUTCOMES, COMMITMENTS, COMMITMENT_UPDATES)
