"""Accountability datasets: official responses, published outcome reports, and the
commitments they made with their dated progress updates."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from engage.accounts.models import User
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opendata.core import keyset
from engage.opendata.fields import (
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    Dataset,
    Field,
    Joined,
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

PUBLISHED = Consultation.published_at.is_not(None)


def _responses(consultation_id, after, limit):
    query = (
        select(OfficialResponse)
        .join(Consultation, OfficialResponse.consultation_id == Consultation.id)
        .where(PUBLISHED)
        .options(joinedload(OfficialResponse.official).lazyload(User.roles))
    )
    query = keyset(
        query, OfficialResponse.id, after, limit, OfficialResponse.consultation_id, consultation_id
    )
    return RESPONSES.rows(db.session.scalars(query).unique())


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
    fetch=_responses,
)


def _outcomes(consultation_id, after, limit):
    query = (
        select(Outcome)
        .join(Consultation, Outcome.consultation_id == Consultation.id)
        .where(PUBLISHED, Outcome.published_at.is_not(None))
        .options(
            lazyload(Outcome.consultation),
            joinedload(Outcome.published_by).lazyload(User.roles),
        )
    )
    query = keyset(query, Outcome.id, after, limit, Outcome.consultation_id, consultation_id)
    return OUTCOMES.rows(db.session.scalars(query).unique())


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
    fetch=_outcomes,
)


def _published_outcome():
    return Outcome.published_at.is_not(None)


def _commitments(consultation_id, after, limit):
    query = (
        select(Commitment)
        .join(Outcome, Commitment.outcome_id == Outcome.id)
        .join(Consultation, Commitment.consultation_id == Consultation.id)
        .where(PUBLISHED, _published_outcome())
        .options(lazyload(Commitment.outcome))
    )
    query = keyset(query, Commitment.id, after, limit, Commitment.consultation_id, consultation_id)
    return COMMITMENTS.rows(db.session.scalars(query).unique())


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
        Field(
            "url",
            STRING,
            "Its page.",
            value=lambda c: url_for("outcomes.view_commitment", commitment_id=c.id, _external=True),
        ),
    ),
    fetch=_commitments,
)


def _updates(consultation_id, after, limit):
    query = (
        select(CommitmentUpdate, Commitment.consultation_id)
        .join(Commitment, CommitmentUpdate.commitment_id == Commitment.id)
        .join(Outcome, Commitment.outcome_id == Outcome.id)
        .join(Consultation, Commitment.consultation_id == Consultation.id)
        .where(PUBLISHED, _published_outcome())
        .options(joinedload(CommitmentUpdate.author).lazyload(User.roles))
    )
    query = keyset(
        query, CommitmentUpdate.id, after, limit, Commitment.consultation_id, consultation_id
    )
    return COMMITMENT_UPDATES.rows(map(Joined, db.session.execute(query).unique()))


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
    fetch=_updates,
)

OUTCOME_DATASETS = (RESPONSES, OUTCOMES, COMMITMENTS, COMMITMENT_UPDATES)
