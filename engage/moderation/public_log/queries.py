"""The public moderation log: what was decided, under which rule, about what kind of item,
and how appeals ended. No names, no hidden text: an anonymous reference per item."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from engage import csv_safe
from engage.extensions import db
from engage.guidelines.service import current_version
from engage.moderation.decision_models import Appeal, AppealStatus, Decision, ModerationAction
from engage.pagination import keyset_page

# In the order the statistics list them. A row's own wording starts with its name (an
# automatic hide adds how many reports, a restore that it overturned an earlier decision).
ACTION_NAMES = {
    Decision.HIDE: _l("Hidden by a moderator"),
    Decision.AUTO_HIDE: _l("Hidden automatically"),
    Decision.REQUEST_EDIT: _l("Edit requested"),
    Decision.SUSPEND: _l("Account suspended"),
    Decision.APPROVE: _l("Approved"),
    Decision.DISMISS: _l("Reports dismissed"),
    Decision.RESTORE: _l("Restored"),
}
# What the rule column says for a row that cites none; the statistics count by the same words.
NO_RULE = {
    Decision.AUTO_HIDE: _l("No rule: hidden automatically after reports"),
    Decision.RESTORE: _l("No rule: an earlier decision was overturned"),
}
NO_RULE_OTHER = _l("No rule (reports dismissed or approved)")
ITEM_TYPES = {
    "proposal": _l("Proposal"),
    "comment": _l("Comment"),
    "amendment": _l("Amendment"),
    "opinion_statement": _l("Opinion map statement"),
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


def rule_label(action: ModerationAction) -> str | None:
    """What a row's rule column says when it cites no rule (None when it cites one)."""
    if action.rule is not None:
        return None
    return str(NO_RULE.get(action.action, NO_RULE_OTHER))


@dataclass
class Statistics:
    """Counted over exactly the rows the log lists, so every breakdown adds up to ``total``."""

    total: int
    by_action: list[tuple[str, int]]  # (label, count), in ACTION_NAMES order
    by_rule: list[tuple[int | None, str, int]]  # (rule number or None, label, count)
    median_seconds: int | None
    appeals_decided: int
    appeals_upheld: int
    appeals_overturned: int

    def share(self, part: int) -> int | None:
        return round(100 * part / self.appeals_decided) if self.appeals_decided else None


def statistics(consultation_id: int | None) -> Statistics:
    """Counts by action and by rule, the median wait from report (or hold) to decision,
    appeal outcomes. A restore cites no rule, whatever older rows kept."""
    rows = db.session.execute(
        _scoped(
            select(ModerationAction.action, ModerationAction.rule_number, func.count()),
            consultation_id,
        ).group_by(ModerationAction.action, ModerationAction.rule_number)
    ).all()
    titles = {r.number: r.title for r in current_version().rules}
    by_action: Counter[str] = Counter()
    by_rule: Counter[tuple[int, int | None, str]] = Counter()
    for action, number, count in rows:
        by_action[action] += count
        if action in NO_RULE:
            key = (2, None, str(NO_RULE[action]))
        elif number is None:
            key = (1, None, str(NO_RULE_OTHER))
        else:
            key = (0, number, _("Rule %(n)d: %(title)s", n=number, title=titles.get(number, "")))
        by_rule[key] += count
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
    names = {str(key): str(label) for key, label in ACTION_NAMES.items()}
    return Statistics(
        total=sum(by_action.values()),
        by_action=[
            (names.get(action, action), by_action[action])
            for action in [*names, *sorted(set(by_action) - set(names))]
            if by_action[action]
        ],
        by_rule=[(number, label, count) for (_, number, label), count in sorted(by_rule.items())],
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
    "reports",
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
                rule.number if rule else "",
                rule.title if rule else "",
                action.target_type,
                action.public_ref,
                action.consultation_id or "",
                action.appeal.status if action.appeal else "",
                action.report_count or "",
            )
        )
