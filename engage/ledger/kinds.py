"""The kinds of public event the record logs, and the canonical content of each.

Canonical content is what a kind logs about a row: small facts that only change when
something public happens (so a change nobody logged shows up in ``flask ledger verify``),
never counters or moderation state (moderation decisions are their own events), and the
row's text only as ``content_sha256``: the SHA-256 of ``content`` as canonical JSON.

To log a new kind, add one ``register(Kind(...))`` here and connect its signal to
``engage.ledger.listeners`` in engage/wiring.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from engage.amendments.models import Amendment
from engage.comments.models import Comment, CommentRevision, CommentStatus
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.drafts.models import ClauseVersion, Draft, DraftVersion
from engage.extensions import db
from engage.moderation.decision_models import ModerationAction
from engage.opendata.fields import timestamp
from engage.opendata.pseudonyms import person_id
from engage.outcomes.models import OfficialResponse, Outcome
from engage.proposals.models import Proposal, ProposalStatus


def digest(content: dict) -> str:
    """SHA-256 (hex) of ``content`` as canonical JSON: sorted keys, no spaces, UTF-8."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def stamp(value) -> str | None:
    """A time as logged: RFC 3339, UTC, to the second."""
    return timestamp(value)


@dataclass(frozen=True)
class Kind:
    """One kind of public event, logged from the rows of ``model``."""

    name: str
    model: type
    # The facts logged for a row as it is now (ints, strings, lists, None: no floats).
    canonical: Callable[[Any], dict]
    # The text ``content_sha256`` hashes, for receipts; None when the kind hashes none.
    content: Callable[[Any], dict] | None = None
    # Earlier texts the row keeps (comment revisions…), oldest first: a receipt for an
    # earlier version can still show the text it hashed.
    history: Callable[[Any], list[dict]] = field(default=lambda row: [])
    # Whether the row is public enough to log (published consultations…).
    loggable: Callable[[Any], bool] = field(default=lambda row: True)
    # A resident's submission: it has an author (``author_id``), who gets a receipt.
    submission: bool = False

    def load(self, row_id: int) -> Any:
        return db.session.get(self.model, row_id)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def submission(row: Any, content: dict, **facts: Any) -> dict:
    """A resident's submission: who (pseudonymous), when, where, and the hash of the text."""
    return {
        "id": row.id,
        "consultation_id": row.consultation_id,
        "author": person_id(row.author_id),
        "time": stamp(row.created_at),
        "content_sha256": digest(content),
        **facts,
    }


def _published_consultation(consultation_id: int | None) -> bool:
    if consultation_id is None:
        return True
    consultation = db.session.get(Consultation, consultation_id)
    return consultation is not None and consultation.published_at is not None


# Consultations ------------------------------------------------------------------------


def consultation_content(c: Consultation) -> dict:
    return {
        "title": c.title,
        "summary": c.summary,
        "easy_read_summary": c.easy_read_summary,
        "body": c.body,
        "commitment": c.commitment,
    }


CONSULTATION = register(
    Kind(
        "consultation",
        Consultation,
        canonical=lambda c: {
            "id": c.id,
            "slug": c.slug,
            "topic_id": c.topic_id,
            "department_id": c.department_id,
            "time": stamp(c.published_at),
            "opens_at": stamp(c.opens_at),
            "closes_at": stamp(c.closes_at),
            "support_threshold": c.support_threshold,
            "response_window_days": c.response_window_days,
            "content_sha256": digest(consultation_content(c)),
        },
        content=consultation_content,
        loggable=lambda c: c.published_at is not None,
    )
)


# Submissions --------------------------------------------------------------------------


def proposal_content(p: Proposal) -> dict:
    return {"title": p.title, "body": p.body, "submitted_for_name": p.submitted_for_name}


PROPOSAL = register(
    Kind(
        "proposal",
        Proposal,
        canonical=lambda p: submission(
            p,
            proposal_content(p),
            channel=p.channel,
            changed_at=stamp(p.updated_at),
            withdrawn_at=stamp(p.withdrawn_at),
            withdrawal_sha256=digest({"reason": p.withdrawal_reason})
            if p.status == ProposalStatus.WITHDRAWN
            else None,
        ),
        content=proposal_content,
        history=lambda p: [
            {"title": v.title, "body": v.body, "submitted_for_name": p.submitted_for_name}
            for v in p.versions
        ],
        submission=True,
    )
)


def comment_content(c: Comment) -> dict:
    return {"body": c.body, "stance": c.stance, "submitted_for_name": c.submitted_for_name}


def _comment_history(c: Comment) -> list[dict]:
    revisions = db.session.scalars(
        select(CommentRevision)
        .where(CommentRevision.comment_id == c.id)
        .order_by(CommentRevision.id)
    )
    return [
        {"body": r.body, "stance": r.stance, "submitted_for_name": c.submitted_for_name}
        for r in revisions
    ]


COMMENT = register(
    Kind(
        "comment",
        Comment,
        canonical=lambda c: submission(
            c,
            comment_content(c),
            target_type=c.target_type,
            target_id=c.target_id,
            parent_id=c.parent_id,
            channel=c.channel,
            edited_at=stamp(c.edited_at),
            deleted_at=stamp(c.deleted_at) if c.status == CommentStatus.DELETED else None,
        ),
        content=comment_content,
        history=_comment_history,
        submission=True,
    )
)


def amendment_content(a: Amendment) -> dict:
    return {"kind": a.kind, "text": a.text, "rationale": a.rationale}


AMENDMENT = register(
    Kind(
        "amendment",
        Amendment,
        canonical=lambda a: submission(
            a,
            amendment_content(a),
            draft_id=a.draft_id,
            clause_id=a.clause_id,
            based_on_version_number=a.based_on_version_number,
            status=a.status,
            withdrawn_at=stamp(a.withdrawn_at),
            # The official's decision: accepted (in which version) or rejected, and why.
            decided_at=stamp(a.decided_at),
            decision_sha256=digest({"reason": a.decision_reason, "accepted_text": a.accepted_text})
            if a.decided_at
            else None,
            accepted_in_version_number=a.accepted_in_version_number,
        ),
        content=amendment_content,
        submission=True,
    )
)


# Counts, answers, decisions, versions, outcomes ----------------------------------------


def _closed(c: Consultation) -> bool:
    return c.published_at is not None and c.closes_at <= utcnow()


def _support_counts(model: type, column) -> list[list[int]]:
    rows = db.session.execute(
        select(model.id, model.support_count).where(column).order_by(model.id)
    )
    return [[row_id, count] for row_id, count in rows]


def support_checkpoint(c: Consultation) -> dict:
    """Supports per proposal and amendment once the consultation has closed (they can't
    change after that)."""
    proposals = _support_counts(Proposal, Proposal.consultation_id == c.id)
    amendments = _support_counts(Amendment, Amendment.consultation_id == c.id)
    return {
        "consultation_id": c.id,
        "closes_at": stamp(c.closes_at),
        "proposals": proposals,
        "amendments": amendments,
        "total": sum(n for _, n in proposals) + sum(n for _, n in amendments),
    }


SUPPORT_CHECKPOINT = register(
    Kind("support_checkpoint", Consultation, canonical=support_checkpoint, loggable=_closed)
)

OFFICIAL_ANSWER = register(
    Kind(
        "official_answer",
        OfficialResponse,
        canonical=lambda r: {
            "id": r.id,
            "consultation_id": r.consultation_id,
            "target_type": r.target_type,
            "target_id": r.target_id,
            "status": r.status,
            "official": person_id(r.official_id),
            "time": stamp(r.created_at),
            "content_sha256": digest({"reason": r.reason}),
        },
        content=lambda r: {"reason": r.reason},
        loggable=lambda r: _published_consultation(r.consultation_id),
    )
)

# The public moderation log's fields (engage/opendata/moderation.py), less the appeal's
# state, which changes later: an overturned decision is a decision of its own.
MODERATION_DECISION = register(
    Kind(
        "moderation_decision",
        ModerationAction,
        canonical=lambda a: {
            "id": a.id,
            "consultation_id": a.consultation_id,
            "time": stamp(a.created_at),
            "action": a.action,
            "item_type": a.target_type,
            "reference": a.public_ref,
            "rule_number": a.rule_number,
            "guidelines_version": a.guidelines_version.number if a.guidelines_version else None,
        },
        loggable=lambda a: _published_consultation(a.consultation_id),
    )
)


def draft_version_content(v: DraftVersion) -> dict:
    clauses = db.session.execute(
        select(
            ClauseVersion.clause_id,
            ClauseVersion.number,
            ClauseVersion.kind,
            ClauseVersion.position,
            ClauseVersion.text,
        )
        .where(ClauseVersion.draft_version_id == v.id)
        .order_by(ClauseVersion.position, ClauseVersion.id)
    )
    return {"title": v.title, "note": v.note, "clauses": [list(row) for row in clauses]}


def current_draft_version_id(draft: Draft) -> int | None:
    return db.session.scalar(
        select(DraftVersion.id).where(
            DraftVersion.draft_id == draft.id, DraftVersion.number == draft.current_version_number
        )
    )


def _draft_consultation(v: DraftVersion) -> int:
    return db.session.scalar(select(Draft.consultation_id).where(Draft.id == v.draft_id))


DRAFT_VERSION = register(
    Kind(
        "draft_version",
        DraftVersion,
        canonical=lambda v: {
            "id": v.id,
            "draft_id": v.draft_id,
            "consultation_id": _draft_consultation(v),
            "number": v.number,
            "time": stamp(v.published_at),
            "credited_amendment_id": v.credited_amendment_id,
            "content_sha256": digest(draft_version_content(v)),
        },
        content=draft_version_content,
        loggable=lambda v: _published_consultation(_draft_consultation(v)),
    )
)


def outcome_content(o: Outcome) -> dict:
    return {"heard": o.heard, "decided": o.decided, "statistics": o.statistics}


OUTCOME = register(
    Kind(
        "outcome",
        Outcome,
        canonical=lambda o: {
            "id": o.id,
            "consultation_id": o.consultation_id,
            "time": stamp(o.published_at),
            "published_by": person_id(o.published_by_id),
            "content_sha256": digest(outcome_content(o)),
        },
        content=outcome_content,
        loggable=lambda o: o.published_at is not None,
    )
)
