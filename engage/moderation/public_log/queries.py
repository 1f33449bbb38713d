"""The public moderation log: what was decided, under which rule, about what kind of item,
and how appeals ended. No names, no hidden text: an anonymous reference per item."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from engage import csv_safe
from engage.extensions import db
from engage.guidelines.service import current_version
from engage.moderation.decision_models import Appeal, AppealStatus, Decision, ModerationAction
from engage.pagination import keyset_page

ACTION_NAMES = {
    Decision.HIDE: _l("Hidden"),
    Decision.RESTORE: _l("Restored"),
    Decision.DISMISS: _l("Reports dismissed"),
    Decision.APPROVE: _l("Approved"),
    Decision.REQUEST_EDIT: _l("Edit requested"),
    Decision.SUSPEND: _l("Account suspended"),
}
ITEM_TYPES = {
    "proposal": _l("Proposal"),
    "comment": _l("Comment"),
    "amendment": _l("Amendment"),
    "user": _l("Account"),
}
APPEAL_OUTCOMES = {
    AppealStatus.OPEN: _l("Appeal waiting"),
    AppealStatus.UPHELD: _l("Appeal decided: decision upheld"),
    AppealStatus.OVERTURNED: _l("Appeal decided: decision overturned"),
}
# Decisions a report or a hold waited for (a restore after an appeal did not).
RESPONSES = (
    Decision.HIDE,
    Decision.DISMISS,
    Decision.APPROVE,
    Decision.REQUEST_EDIT,
    Decision.SUSPEND,
)


def _scoped(query, consultation_id: int | None):
    if consultation_id:
        query = query.where(ModerationAction.consultation_id == consultation_id)
    return query


def log_page(consultation_id: int | None, after: int | None):
    # The log names nobody: the moderator and the appellant stay unloaded.
    query = _scoped(select(ModerationAction), consultation_id).options(
        lazyload(ModerationAction.moderator), joinedload(ModerationAction.appeal).lazyload("*")
    )
    return keyset_page(query, ModerationAction.id, after, size=50)


@dataclass
class Statistics:
    total: int
    by_rule: list[tuple[int | None, str, int]]
    median_seconds: int | None
    appeals_decided: int
    appeals_upheld: int
    appeals_overturned: int

    def share(self, part: int) -> int | None:
        return round(100 * part / self.appeals_decided) if self.appeals_decided else None


def statistics(consultation_id: int | None) -> Statistics:
    """Counts by rule, the median wait from report (or hold) to decision, appeal outcomes."""
    by_rule_rows = db.session.execute(
        _scoped(select(ModerationAction.rule_number, func.count()), consultation_id)
        .where(ModerationAction.action != Decision.RESTORE)
        .group_by(ModerationAction.rule_number)
        .order_by(ModerationAction.rule_number)
    ).all()
    titles = {r.number: r.title for r in current_version().rules}
    by_rule = [(n, titles.get(n, ""), count) for n, count in by_rule_rows]
    total = sum(count for _, _, count in by_rule)
    appeals = dict(
        db.session.execute(
            _scoped(
                select(Appeal.status, func.count()).join(Appeal.action), consultation_id
            ).group_by(Appeal.status)
        ).all()
    )
    upheld, overturned = (
        appeals.get(AppealStatus.UPHELD, 0),
        appeals.get(AppealStatus.OVERTURNED, 0),
    )
    return Statistics(
        total=total,
        by_rule=by_rule,
        median_seconds=_median(consultation_id),
        appeals_decided=upheld + overturned,
        appeals_upheld=upheld,
        appeals_overturned=overturned,
    )


def _median(consultation_id: int | None) -> int | None:
    """Two small queries whatever the size of the log: the count, then the middle rows."""
    waits = _scoped(select(ModerationAction.response_seconds), consultation_id).where(
        ModerationAction.action.in_(RESPONSES), ModerationAction.response_seconds.is_not(None)
    )
    count = db.session.scalar(select(func.count()).select_from(waits.subquery())) or 0
    if not count:
        return None
    middle = db.session.scalars(
        waits.order_by(ModerationAction.response_seconds)
        .offset((count - 1) // 2)
        .limit(2 - count % 2)
    ).all()
    return round(sum(middle) / len(middle))


CSV_HEADER = (
    "date",
    "action",
    "rule",
    "rule_title",
    "item_type",
    "reference",
    "consultation_id",
    "appeal",
)


def csv_lines(consultation_id: int | None) -> Iterator[str]:
    """The whole log as CSV (English, machine-readable values), streamed in batches."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)

    def line(row) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield line(CSV_HEADER)
    query = _scoped(select(ModerationAction), consultation_id).order_by(ModerationAction.id)
    for action in db.session.scalars(query.execution_options(yield_per=500)):
        rule = action.rule
        yield line(
            (
                action.created_at.isoformat(timespec="seconds"),
                action.action,
                action.rule_number or "",
                rule.title if rule else "",
                action.target_type,
                action.public_ref,
                action.consultation_id or "",
                action.appeal.status if action.appeal else "",
            )
        )
