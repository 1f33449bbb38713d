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

from engage.accounts.models import User
from engage.amendments.models import Amendment
from engage.comments.models import Comment, CommentRevision, CommentStatus
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.drafts.models import ClauseVersion, Draft, DraftVersion
from engage.extensions import db
from engage.moderation.decision_models import ModerationAction
from engage.opendata.fields import timestamp
from engage.opendata.pseudonyms import person_id
from engage.opinion_map.models import OpinionStatement
from engage.outcomes.models import OfficialResponse, Outcome
from engage.privacy.deletion import FORMER_DOMAIN
from engage.proposals.models import Proposal, ProposalStatus
from engage.surveys.models import Answer, Questionnaire, SurveyResponse


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
    # The column naming the person the canonical content names (pseudonymously), which
    # account deletion points at a "former participant" (engage.privacy.deletion).
    person: Callable[[], Any] | None = None
    # Logged once only: a record of something that happened at one moment (an account
    # deletion), never a new version later.
    once: bool = False
    # Whether the row should still give what ``leaf`` logged: False while it can change
    # without an event of its own (the supports of an open consultation), or always
    # (an event that is a snapshot, e.g. an account deletion); verify then only checks
    # that the row is there.
    settled: Callable[[Any, Any], bool] = field(default=lambda row, leaf: True)
    # Which rows catch-up looks at (a condition on ``model``), when not all of them.
    where: Callable[[], Any] | None = None

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
        person=lambda: Proposal.author_id,
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
        person=lambda: Comment.author_id,
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
        person=lambda: Amendment.author_id,
    )
)


def statement_content(s: OpinionStatement) -> dict:
    return {"text": s.text}


# An opinion map statement (issue 16): its words, whoever wrote them (an official's seeded
# ones too); moderation's hold or hiding is a decision of its own, never logged here.
OPINION_STATEMENT = register(
    Kind(
        "opinion_statement",
        OpinionStatement,
        canonical=lambda s: submission(s, statement_content(s), seeded=s.seeded),
        content=statement_content,
        loggable=lambda s: _published_consultation(s.consultation_id),
        submission=True,
        person=lambda: OpinionStatement.author_id,
    )
)


def survey_response_content(r: SurveyResponse) -> dict:
    """Every answer: [question, option, rank, number, text], in one order on any database."""
    rows = db.session.execute(
        select(Answer.question_id, Answer.option_id, Answer.rank, Answer.number, Answer.text).where(
            Answer.response_id == r.id
        )
    )
    answers = sorted(
        (list(row) for row in rows),
        key=lambda a: (
            tuple((value is None, value if value is not None else 0) for value in a[:4])
            + ((a[4] is None, a[4] or ""),)
        ),
    )
    return {"answers": answers}


def _questionnaire(r: SurveyResponse) -> Questionnaire:
    return db.session.get(Questionnaire, r.questionnaire_id)


# A survey or poll response once sent (issue 17): each later change before the
# consultation closes is a new version. Paper and phone answers have no author online.
SURVEY_RESPONSE = register(
    Kind(
        "survey_response",
        SurveyResponse,
        canonical=lambda r: {
            "id": r.id,
            "questionnaire_id": r.questionnaire_id,
            "consultation_id": _questionnaire(r).consultation_id,
            "author": person_id(r.respondent_id),
            "time": stamp(r.submitted_at),
            "channel": r.channel,
            "received_on": r.received_on.isoformat() if r.received_on else None,
            "content_sha256": digest(survey_response_content(r)),
        },
        content=survey_response_content,
        loggable=lambda r: (
            r.submitted_at is not None
            and _questionnaire(r).published_at is not None
            and _published_consultation(_questionnaire(r).consultation_id)
        ),
        submission=True,
        person=lambda: SurveyResponse.respondent_id,
        where=lambda: SurveyResponse.submitted_at.is_not(None),
    )
)


# Counts, answers, decisions, versions, outcomes ----------------------------------------


def _published(c: Consultation) -> bool:
    return c.published_at is not None


def _counts_final(c: Consultation, leaf: Any) -> bool:
    """A checkpoint can be checked against the live counts once they can't change: the
    consultation closed before it was logged. Until then supports change all the time,
    and the next checkpoint (cron, engage.ledger.events.checkpoint_supports) logs them."""
    closes_at = c.closes_at
    return closes_at <= utcnow() and leaf.created_at >= closes_at


def _support_counts(model: type, column) -> list[list[int]]:
    rows = db.session.execute(
        select(model.id, model.support_count).where(column).order_by(model.id)
    )
    return [[row_id, count] for row_id, count in rows]


def support_checkpoint(c: Consultation) -> dict:
    """Supports per proposal and amendment: every few minutes while they change (with
    the signed head, ``flask ledger sign-head``), and once more after closing."""
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
    Kind(
        "support_checkpoint",
        Consultation,
        canonical=support_checkpoint,
        loggable=_published,
        settled=_counts_final,
        # Catch-up logs the final counts of closed consultations; open ones are
        # checkpointed by the cron job (events.checkpoint_supports).
        where=lambda: Consultation.published_at.is_not(None) & (Consultation.closes_at <= utcnow()),
    )
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
        person=lambda: OfficialResponse.official_id,
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
        person=lambda: Outcome.published_by_id,
    )
)


# Account deletion (issue 18) ------------------------------------------------------------


def _latest_logged(kind_name: str, row_id: int) -> dict | None:
    from engage.ledger import events  # events builds on the kinds registered here

    logged = events.leaves_of(kind_name, row_id)
    return events.logged_content(logged[-1]) if logged else None


def account_deletion(former: User) -> dict:
    """What deleting an account changed in logged rows, which it points at a new "former
    participant" account (a new pseudonymous author; with "remove what I wrote", empty
    words): each such row as [kind, id, the SHA-256 of its canonical content after].

    Rows whose change was logged as a version of their own (a comment the deletion
    turned into a tombstone) agree with their latest leaf and are not listed."""
    changed = []
    for kind in KINDS.values():
        if kind.person is None:
            continue
        ids = db.session.scalars(
            select(kind.model.id).where(kind.person() == former.id).order_by(kind.model.id)
        )
        for row_id in ids:
            row = kind.load(row_id)
            if row is None or not kind.loggable(row):
                continue
            logged = _latest_logged(kind.name, row_id)
            now = kind.canonical(row)
            if logged is not None and logged != now:
                changed.append([kind.name, row_id, digest(now)])
    return {
        "id": former.id,
        "author": person_id(former.id),
        "time": stamp(former.created_at),
        "changed": changed,
    }


ACCOUNT_DELETION = register(
    Kind(
        "account_deletion",
        User,
        canonical=account_deletion,
        loggable=lambda u: u.email.endswith("@" + FORMER_DOMAIN),
        once=True,
        # What the deletion changed, as it stood then: the rows may change again later,
        # each change logged on its own.
        settled=lambda row, leaf: False,
        where=lambda: User.email.endswith("@" + FORMER_DOMAIN),
    )
)

# Kinds whose leaves account for later changes to other rows: they list, in "changed",
# [kind, id, SHA-256 of the row's canonical content after the event].
EXPLAINING_KINDS = ("account_deletion",)
