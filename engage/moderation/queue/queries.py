"""What moderators see in the queue: open cases, filtered and sorted, a page at a time.

A page costs the same few queries however long the queue is: the cases, their reports,
the items they are about (one query per kind), and their consultations' titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import lazyload, selectinload

from engage.accounts.models import User
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.moderation import content
from engage.moderation.models import REASONS, CaseState, CaseTrigger, ModerationCase, Report
from engage.params import bounded_int

PAGE_SIZE = 25
CLAIM_MINUTES = 30  # a claim older than this lapses: the moderator may have left
AGES = (1, 7, 30)  # "waiting more than N days"
SORTS = ("urgency", "age", "reports")
# The queue's default order, most urgent first: items hidden automatically after reports
# (the public sees a placeholder until someone decides), then items held for review before
# anyone saw them, then items reported but still shown; oldest first within each.
HIDDEN_BY_REPORTS, HELD, REPORTED = range(3)


def urgency():
    """A case's rank, from the case row alone. A case opened by reports whose count reached
    the threshold was hidden then (a decision would have closed it); a case opened by
    screening holds its item. Written with literals: it is grouped by, too."""
    threshold = int(current_app.config["MODERATION_REPORT_THRESHOLD"])
    by_reports = ModerationCase.trigger == literal_column(f"'{CaseTrigger.REPORTS}'")
    hidden = and_(
        by_reports,
        ModerationCase.target_type != literal_column("'user'"),
        ModerationCase.report_count >= literal_column(str(threshold)),
    )
    return sql_case(
        (hidden, literal_column(str(HIDDEN_BY_REPORTS))),
        (~by_reports, literal_column(str(HELD))),
        else_=literal_column(str(REPORTED)),
    )


def rank_of(case_row: ModerationCase) -> int:
    """The same rank as ``urgency()``, for a case already loaded."""
    if case_row.trigger != CaseTrigger.REPORTS:
        return HELD
    threshold = int(current_app.config["MODERATION_REPORT_THRESHOLD"])
    if case_row.target_type != "user" and case_row.report_count >= threshold:
        return HIDDEN_BY_REPORTS
    return REPORTED


@dataclass
class QueueFilters:
    reason: str = ""
    consultation_id: int | None = None
    age: int | None = None
    sort: str = "urgency"

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        reason = args.get("reason", "")
        age = bounded_int(args.get("age"))
        sort = args.get("sort", "urgency")
        return cls(
            reason=reason if reason in REASONS else "",
            consultation_id=bounded_int(args.get("consultation")),
            age=age if age in AGES else None,
            sort=sort if sort in SORTS else "urgency",
        )

    def as_args(self) -> dict[str, Any]:
        values = {
            "reason": self.reason,
            "consultation": self.consultation_id,
            "age": self.age,
            "sort": self.sort if self.sort != "urgency" else None,
        }
        return {k: v for k, v in values.items() if v}


@dataclass
class QueueEntry:
    case: ModerationCase
    item: Any
    consultation: Consultation | None
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def excerpt(self) -> str:
        return content.excerpt(self.item) if self.item is not None else ""

    @property
    def visibility(self) -> str:
        return content.visibility(self.item) if self.item is not None else ""

    @property
    def claimer(self):
        """Who is working on the case, if they claimed it recently."""
        case = self.case
        if case.claimed_by_id is None or case.claimed_at is None:
            return None
        if case.claimed_at <= utcnow() - timedelta(minutes=CLAIM_MINUTES):
            return None
        return case.claimed_by


@dataclass
class QueuePage:
    entries: list[QueueEntry]
    next_after: str | None
    after: str | None


def _filtered(filters: QueueFilters):
    query = select(ModerationCase).where(ModerationCase.state == CaseState.OPEN)
    if filters.reason:
        query = query.where(
            ModerationCase.id.in_(select(Report.case_id).where(Report.reason == filters.reason))
        )
    if filters.consultation_id:
        query = query.where(ModerationCase.consultation_id == filters.consultation_id)
    if filters.age:
        query = query.where(ModerationCase.opened_at < utcnow() - timedelta(days=filters.age))
    return query


def _after_condition(filters: QueueFilters, after: str | None):
    """Keyset: most urgent first by (rank, id), oldest first by id, or most reported first
    by (report_count desc, id)."""
    if not after:
        return None
    if filters.sort == "urgency":
        rank_text, _, id_text = after.partition("-")
        rank, case_id = bounded_int(rank_text), bounded_int(id_text)
        if rank is None or case_id is None:
            return None
        return or_(urgency() > rank, and_(urgency() == rank, ModerationCase.id > case_id))
    if filters.sort == "reports":
        count_text, _, id_text = after.partition("-")
        count, case_id = bounded_int(count_text), bounded_int(id_text)
        if count is None or case_id is None:
            return None
        return or_(
            ModerationCase.report_count < count,
            and_(ModerationCase.report_count == count, ModerationCase.id > case_id),
        )
    case_id = bounded_int(after)
    return None if case_id is None else ModerationCase.id > case_id


def load_queue(filters: QueueFilters, after: str | None = None) -> QueuePage:
    # Only what a queue row shows: the reports are counted by reason in SQL, not loaded,
    # and nobody's roles are needed.
    query = _filtered(filters).options(
        lazyload(ModerationCase.author),
        selectinload(ModerationCase.claimed_by).lazyload(User.roles),
    )
    condition = _after_condition(filters, after)
    if condition is not None:
        query = query.where(condition)
    if filters.sort == "urgency":
        query = query.order_by(urgency(), ModerationCase.id)
    elif filters.sort == "reports":
        query = query.order_by(ModerationCase.report_count.desc(), ModerationCase.id)
    else:
        query = query.order_by(ModerationCase.id)
    cases = db.session.scalars(query.limit(PAGE_SIZE + 1)).unique().all()
    more = len(cases) > PAGE_SIZE
    cases = list(cases[:PAGE_SIZE])
    next_after = None
    if more and cases:
        last = cases[-1]
        next_after = {
            "urgency": lambda: f"{rank_of(last)}-{last.id}",
            "reports": lambda: f"{last.report_count}-{last.id}",
        }.get(filters.sort, lambda: str(last.id))()
    return QueuePage(entries=entries_for(cases, brief=True), next_after=next_after, after=after)


def entries_for(cases: list[ModerationCase], brief: bool = False) -> list[QueueEntry]:
    """Each case with its item, consultation and reports by reason.

    ``brief`` is for the queue's rows, which show an excerpt and a title: the items come
    without their eager relationships and the consultations as (id, title) rows.
    """
    items = load_items([(c.target_type, c.target_id) for c in cases], brief=brief)
    consultations = _consultations({c.consultation_id for c in cases if c.consultation_id}, brief)
    counted = _reasons_by_case([c.id for c in cases])
    entries = []
    for case in cases:
        reasons = counted.get(case.id, {})
        entries.append(
            QueueEntry(
                case=case,
                item=items.get((case.target_type, case.target_id)),
                consultation=consultations.get(case.consultation_id),
                reasons=reasons,
            )
        )
    return entries


def _consultations(ids: set[int], brief: bool) -> dict[int, Any]:
    if not ids:
        return {}
    if brief:
        rows = db.session.execute(
            select(Consultation.id, Consultation.title).where(Consultation.id.in_(ids))
        )
    else:
        rows = db.session.scalars(select(Consultation).where(Consultation.id.in_(ids)))
    return {row.id: row for row in rows}


def _reasons_by_case(case_ids: list[int]) -> dict[int, dict[str, int]]:
    """{case id: {reason: reports}}, reasons in the order they were first given."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(Report.case_id, Report.reason, func.count())
        .where(Report.case_id.in_(case_ids))
        .group_by(Report.case_id, Report.reason)
        .order_by(Report.case_id, func.min(Report.id))
    )
    counted: dict[int, dict[str, int]] = {}
    for case_id, reason, count in rows:
        counted.setdefault(case_id, {})[reason] = count
    return counted


def load_items(pairs: list[tuple[str, int]], brief: bool = False) -> dict[tuple[str, int], Any]:
    """The moderated items, one query per kind; ``brief`` leaves their relationships."""
    grouped: dict[str, set[int]] = {}
    for kind, target_id in pairs:
        grouped.setdefault(kind, set()).add(target_id)
    found = {}
    for kind, ids in grouped.items():
        model = content.model_for(kind)
        if model is None:
            continue
        query = select(model).where(model.id.in_(ids))
        if brief:
            query = query.options(lazyload("*"))
        for item in db.session.scalars(query).unique():
            found[(kind, item.id)] = item
    return found


@dataclass
class QueueSummary:
    """The queue at a glance: open cases by rank, and the consultations they are in."""

    counts: dict[int, int] = field(default_factory=dict)
    consultations: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def queue_summary() -> QueueSummary:
    """Open cases counted by rank, and (id, title) of their consultations for the filter,
    in one grouped query."""
    rank = urgency().label("rank")
    rows = db.session.execute(
        select(ModerationCase.consultation_id, Consultation.title, rank, func.count())
        .outerjoin(Consultation, Consultation.id == ModerationCase.consultation_id)
        .where(ModerationCase.state == CaseState.OPEN)
        .group_by(ModerationCase.consultation_id, Consultation.title, rank)
    )
    summary = QueueSummary(counts=dict.fromkeys((HIDDEN_BY_REPORTS, HELD, REPORTED), 0))
    titles = {}
    for consultation_id, title, rank_value, count in rows:
        summary.counts[int(rank_value)] += count
        if consultation_id is not None:
            titles[consultation_id] = title
    summary.consultations = [
        _Titled(cid, title) for cid, title in sorted(titles.items(), key=lambda kv: kv[1])
    ]
    return summary


@dataclass(frozen=True)
class _Titled:
    id: int
    title: str
