"""Opinion map writes: turning it on, seeding and submitting statements, voting.

Every count shown (statements on the map, votes and voters, each statement's agree /
disagree / pass) is kept here in the transaction of the row it counts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from engage import signals
from engage.audit import service as audit
from engage.consultations.models import Consultation
from engage.database import increment, utcnow
from engage.extensions import db
from engage.moderation import intake
from engage.moderation.models import Visibility
from engage.opinion_map import queries
from engage.opinion_map.models import (
    MAX_STATEMENT_LENGTH,
    OpinionMap,
    OpinionStatement,
    OpinionVote,
    VoteValue,
)

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_COUNT_OF = {
    VoteValue.AGREE: "agree_count",
    VoteValue.DISAGREE: "disagree_count",
    VoteValue.PASS: "pass_count",
}


class StatementRefused(ValueError):
    """A statement that can't be added; the message says why, for the person."""


class DuplicateStatement(StatementRefused):
    def __init__(self, existing: OpinionStatement | None):
        super().__init__("duplicate")
        self.existing = existing


def normalize(text: str) -> str:
    """What two statements are compared by: the same words in the same order, whatever
    the case, Unicode form, punctuation and spacing ("Ban it!" and "ban  it" are one)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())[:MAX_STATEMENT_LENGTH]


def opinion_map_for(consultation: Consultation) -> OpinionMap | None:
    return db.session.scalar(
        select(OpinionMap).where(OpinionMap.consultation_id == consultation.id)
    )


def set_up(consultation: Consultation, actor, *, enabled: bool, premoderation: bool) -> OpinionMap:
    """Turn the map on or off and choose whether residents' statements wait for review."""
    opinion_map = opinion_map_for(consultation)
    before = None
    if opinion_map is None:
        opinion_map = OpinionMap(consultation_id=consultation.id, statement_count=0)
        db.session.add(opinion_map)
    else:
        before = {"enabled": opinion_map.enabled, "premoderation": opinion_map.premoderation}
    opinion_map.enabled, opinion_map.premoderation = enabled, premoderation
    opinion_map.updated_at = utcnow()
    db.session.flush()
    queries.forget_absence(consultation.id)
    audit.record(
        actor,
        "opinion_map.set_up",
        "consultation",
        consultation.id,
        before=before,
        after={"enabled": enabled, "premoderation": premoderation},
    )
    return opinion_map


@dataclass
class Seeded:
    added: list[OpinionStatement]
    duplicates: list[str]  # lines refused as the same as a statement already there


def seed(opinion_map: OpinionMap, actor, lines: list[str]) -> Seeded:
    """An official's starting statements, one a line; they are shown at once."""
    result = Seeded([], [])
    for line in lines:
        try:
            statement = _add(opinion_map, actor, line, seeded=True)
        except DuplicateStatement:
            result.duplicates.append(line)
        else:
            result.added.append(statement)
    if result.added:
        audit.record(
            actor,
            "opinion_map.seed",
            "consultation",
            opinion_map.consultation_id,
            after={"statement_ids": [s.id for s in result.added]},
        )
    return result


def submit(opinion_map: OpinionMap, author, text: str) -> OpinionStatement:
    """A resident's statement: screened like a comment, and held for review while the
    map pre-moderates (engage.wiring registers statements with moderation)."""
    return _add(opinion_map, author, text, seeded=False)


def _add(opinion_map: OpinionMap, author, text: str, *, seeded: bool) -> OpinionStatement:
    text = " ".join(text.split())
    normalized = normalize(text)
    if not normalized:
        raise StatementRefused("empty")
    if len(text) > MAX_STATEMENT_LENGTH:
        raise StatementRefused("too long")
    existing = _same(opinion_map.consultation_id, normalized)
    if existing is not None:
        raise DuplicateStatement(existing)
    statement = OpinionStatement(
        consultation_id=opinion_map.consultation_id,
        text=text,
        normalized_text=normalized,
        author_id=author.id,
        seeded=seeded,
        visibility=Visibility.VISIBLE,
    )
    try:
        with db.session.begin_nested():  # two people sending the same words at once
            db.session.add(statement)
    except IntegrityError as error:
        raise DuplicateStatement(_same(opinion_map.consultation_id, normalized)) from error
    increment(opinion_map, statement_count=1)  # a hold (below) takes it back
    queries.forget_counts(opinion_map.consultation_id)
    if not seeded:
        intake.screen_new_content(statement, author)
    signals.opinion_statement_added.send(statement, author=author)
    return statement


def _same(consultation_id: int, normalized: str) -> OpinionStatement | None:
    return db.session.scalar(
        select(OpinionStatement).where(
            OpinionStatement.consultation_id == consultation_id,
            OpinionStatement.normalized_text == normalized,
        )
    )


def vote(opinion_map: OpinionMap, user, statement: OpinionStatement, value: int) -> OpinionVote:
    """Agree, disagree or pass; voting again on the same statement changes the vote.

    The route refuses statements the public can't see; this checks again, since a count
    kept for a hidden statement would be shown once it is restored.
    """
    value = VoteValue(value)
    if statement.visibility != Visibility.VISIBLE:
        raise StatementRefused("hidden")
    existing = db.session.scalar(
        select(OpinionVote).where(
            OpinionVote.statement_id == statement.id, OpinionVote.user_id == user.id
        )
    )
    previous = existing.value if existing is not None else None
    if existing is None:
        first_here = not db.session.scalar(
            select(
                exists().where(
                    OpinionVote.consultation_id == opinion_map.consultation_id,
                    OpinionVote.user_id == user.id,
                )
            )
        )
        existing = OpinionVote(
            consultation_id=opinion_map.consultation_id,
            statement_id=statement.id,
            user_id=user.id,
            value=value,
        )
        db.session.add(existing)
        db.session.flush()
        increment(opinion_map, vote_count=1, participant_count=int(first_here))
        increment(statement, **{_COUNT_OF[value]: 1})
    elif previous != value:
        existing.value, existing.updated_at = value, utcnow()
        db.session.flush()
        increment(statement, **{_COUNT_OF[VoteValue(previous)]: -1, _COUNT_OF[value]: 1})
    signals.opinion_vote_cast.send(statement, user=user, value=int(value), previous=previous)
    return existing
