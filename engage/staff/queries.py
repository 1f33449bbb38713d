"""What needs a staff member: official answers due in the consultations they manage, and
the moderation queue and appeals. Each function is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, false, func, literal_column, or_, select, true

from engage.amendments.models import Amendment, AmendmentStatus
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.moderation.decision_models import Appeal, AppealStatus
from engage.moderation.models import CaseState, ModerationCase
from engage.moderation.queue.queries import QueueSummary, queue_summary
from engage.outcomes import inputs
from engage.permissions import Person, can_act_officially, can_admin, can_moderate
from engage.proposals.models import Proposal


def managed_by(user: Person):
    """SQL condition: the consultations this person manages (the rule of
    engage.consultations.permissions.can_manage_consultation, for many at once)."""
    if can_admin(user):
        return true()
    if not can_act_officially(user):
        return false()
    return or_(
        Consultation.official_id == user.id,
        Consultation.created_by_id == user.id,
        Consultation.department_id.is_(None),
        Consultation.department_id == user.department_id,
    )


def _waiting_proposals():
    """Proposals over the support threshold without an answer: each one is owed one."""
    return (
        Proposal.threshold_reached_at.is_not(None),
        Proposal.answered_at.is_(None),
        *inputs.visible_proposals(),
    )


def _waiting_amendments():
    return (Amendment.status == AmendmentStatus.PROPOSED, inputs.visible(Amendment))


def _utc(value: datetime | None) -> datetime | None:
    """An aggregate of a datetime column may come back naive (SQLite): it is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


@dataclass
class ConsultationWork:
    """One consultation's answers owed: overdue, due (the soonest date), amendments."""

    id: int
    slug: str
    title: str
    overdue: int = 0
    due: int = 0
    next_due: datetime | None = None
    oldest_overdue: datetime | None = None
    amendments: int = 0

    @property
    def urgency(self) -> tuple:
        """Overdue first (the longest overdue), then due soonest, then amendments only."""
        far = datetime.max.replace(tzinfo=UTC)
        if self.overdue:
            return (0, self.oldest_overdue or far, self.id)
        if self.due:
            return (1, self.next_due or far, self.id)
        return (2, far, self.id)


def official_work(user: Person, now: datetime | None = None) -> list[ConsultationWork]:
    """Consultations this person manages with answers owed, most urgent first (two
    grouped queries, however many consultations and proposals)."""
    if not can_act_officially(user):
        return []
    now = now or utcnow()
    overdue = Proposal.response_due_at < now
    rows = db.session.execute(
        select(
            Consultation.id,
            Consultation.slug,
            Consultation.title,
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((overdue, 0), else_=1)),
            func.min(case((overdue, None), else_=Proposal.response_due_at)),
            func.min(case((overdue, Proposal.response_due_at), else_=None)),
        )
        .join(Proposal, Proposal.consultation_id == Consultation.id)
        .where(managed_by(user), *_waiting_proposals())
        .group_by(Consultation.id, Consultation.slug, Consultation.title)
    )
    work: dict[int, ConsultationWork] = {}
    for cid, slug, title, n_overdue, n_due, next_due, oldest in rows:
        work[cid] = ConsultationWork(
            cid, slug, title, int(n_overdue or 0), int(n_due or 0), _utc(next_due), _utc(oldest)
        )
    amendments = db.session.execute(
        select(Consultation.id, Consultation.slug, Consultation.title, func.count(Amendment.id))
        .join(Amendment, Amendment.consultation_id == Consultation.id)
        .where(managed_by(user), *_waiting_amendments())
        .group_by(Consultation.id, Consultation.slug, Consultation.title)
    )
    for cid, slug, title, count in amendments:
        work.setdefault(cid, ConsultationWork(cid, slug, title)).amendments = count
    return sorted(work.values(), key=lambda w: w.urgency)


@dataclass
class ModerationWork:
    queue: QueueSummary
    appeals: int
    oldest_appeal: datetime | None


def moderation_work(user: Person) -> ModerationWork | None:
    if not can_moderate(user):
        return None
    appeals, oldest = db.session.execute(
        select(func.count(Appeal.id), func.min(Appeal.created_at)).where(
            Appeal.status == AppealStatus.OPEN
        )
    ).one()
    return ModerationWork(queue_summary(), appeals or 0, oldest)


def counts(user: Person) -> dict[str, Any]:
    """For the header: open moderation cases (moderators), and everything on the person's
    worklist (answers owed, amendments to decide, cases, appeals). One query."""
    moderator = can_moderate(user)
    official = can_act_officially(user)

    def scalar(query):
        return query.scalar_subquery()

    cases = (
        scalar(select(func.count(ModerationCase.id)).where(ModerationCase.state == CaseState.OPEN))
        if moderator
        else literal_column("0")
    )
    appeals = (
        scalar(select(func.count(Appeal.id)).where(Appeal.status == AppealStatus.OPEN))
        if moderator
        else literal_column("0")
    )
    answers = (
        scalar(
            select(func.count(Proposal.id))
            .join(Consultation, Consultation.id == Proposal.consultation_id)
            .where(managed_by(user), *_waiting_proposals())
        )
        if official
        else literal_column("0")
    )
    amendments = (
        scalar(
            select(func.count(Amendment.id))
            .join(Consultation, Consultation.id == Amendment.consultation_id)
            .where(managed_by(user), *_waiting_amendments())
        )
        if official
        else literal_column("0")
    )
    row = db.session.execute(
        select(
            cases.label("cases"),
            appeals.label("appeals"),
            answers.label("answers"),
            amendments.label("amendments"),
        )
    ).one()
    n_cases, n_appeals, n_answers, n_amendments = (int(n or 0) for n in row)
    return {
        "moderation": n_cases,
        "total": n_cases + n_appeals + n_answers + n_amendments,
    }
