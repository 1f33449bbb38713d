"""The accountability dashboard: per department and per official, how inputs were answered
and commitments kept. A fixed number of grouped queries, whatever the amount of data.

"Days to answer" runs from when an input was made to its first answer (an official
response for a proposal, the decision for an amendment). "Overdue" means a proposal past
its response due date with no answer yet.

Counts and medians are worked out in SQL (a median is the middle of each group's
answered inputs, ranked by a window function), so a city's tens of thousands of inputs
never travel to Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import Float, case, func, literal, literal_column, null, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from engage import fragments
from engage.accounts.models import User
from engage.amendments.models import Amendment
from engage.consultations.models import Consultation, Department
from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import inputs
from engage.outcomes.models import Commitment, CommitmentStatus, OfficialResponse
from engage.proposals.models import Proposal


@dataclass
class Figures:
    name: str
    key: int | None
    consultations: int = 0
    inputs: int = 0
    answered: int = 0
    overdue: int = 0
    commitments: int = 0
    kept: int = 0
    median: float | None = None  # days to answer

    @property
    def answered_share(self) -> int | None:
        return round(100 * self.answered / self.inputs) if self.inputs else None

    @property
    def median_days(self) -> float | None:
        return round(self.median, 1) if self.median is not None else None


class days_between(FunctionElement):  # noqa: N801 - used like a SQL function
    """Days from the second datetime to the first, as a fraction, on either engine."""

    type = Float()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(days_between)
def _days_default(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"


def _answer_fields(made_at, first_at, due_at, now: datetime) -> tuple:
    """Days to the first answer (none if unanswered, never below 0) and whether overdue."""
    days = days_between(first_at, made_at)
    return (
        case((first_at.is_(None), null()), (days < 0, 0.0), else_=days).label("days"),
        case((first_at.is_(None) & (due_at < now), 1), else_=0).label("overdue")
        if due_at is not None
        else literal(0).label("overdue"),
    )


def _inputs(now: datetime):
    """(department, official, days to answer, overdue) for every input, as a CTE."""
    r = OfficialResponse
    first = (
        select(r.target_id, func.min(r.created_at).label("first_at"))
        .where(r.target_type == "proposal")
        .group_by(r.target_id)
        .subquery()
    )
    parts = [
        select(
            Consultation.department_id,
            Consultation.official_id,
            *_answer_fields(Proposal.created_at, first.c.first_at, Proposal.response_due_at, now),
        )
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .outerjoin(first, first.c.target_id == Proposal.id)
        .where(Consultation.published_at.is_not(None), *inputs.visible_proposals())
    ]
    parts.append(
        select(
            Consultation.department_id,
            Consultation.official_id,
            *_answer_fields(Amendment.created_at, Amendment.decided_at, None, now),
        )
        .join(Consultation, Consultation.id == Amendment.consultation_id)
        .where(Consultation.published_at.is_not(None), *inputs.visible_amendments())
    )
    return union_all(*parts).cte("inputs")  # read twice


def _input_figures(now: datetime):
    """(kind, key, inputs, answered, overdue, median days) per department ("d") and per
    official ("o"), in one statement."""
    rows = _inputs(now)
    grouped = []
    for kind, key in (("d", rows.c.department_id), ("o", rows.c.official_id)):
        unanswered_last = (case((rows.c.days.is_(None), 1), else_=0), rows.c.days)
        ranked = select(
            literal_column(f"'{kind}'").label("kind"),
            key.label("key"),
            rows.c.days,
            rows.c.overdue,
            func.row_number().over(partition_by=key, order_by=unanswered_last).label("place"),
            func.count(rows.c.days).over(partition_by=key).label("answered"),
        )
        if kind == "o":
            ranked = ranked.where(key.is_not(None))
        grouped.append(ranked)
    ranked = union_all(*grouped).subquery()
    # The middle one (odd) or the mean of the middle two (even) of the answered, by rank.
    middle = ranked.c.place.in_([(ranked.c.answered + 1) // 2, ranked.c.answered // 2 + 1])
    return db.session.execute(
        select(
            ranked.c.kind,
            ranked.c.key,
            func.count(),
            func.max(ranked.c.answered),
            func.sum(ranked.c.overdue),
            func.avg(case((middle & ranked.c.days.is_not(None), ranked.c.days))),
        ).group_by(ranked.c.kind, ranked.c.key)
    )


def accountability(now: datetime | None = None) -> dict[str, list[Figures]]:
    """{"departments": [...], "officials": [...]}, each sorted by name."""
    now = now or utcnow()
    departments = {d.id: Figures(d.name, d.id) for d in db.session.scalars(select(Department))}
    officials: dict[int, Figures] = {}

    def groups(department_id, official_id):
        found = [departments.setdefault(department_id, Figures("", None))]
        if official_id is not None:
            found.append(officials.setdefault(official_id, Figures("", official_id)))
        return found

    consultations = db.session.execute(
        select(Consultation.department_id, Consultation.official_id, func.count())
        .where(Consultation.published_at.is_not(None))
        .group_by(Consultation.department_id, Consultation.official_id)
    )
    for department_id, official_id, n in consultations:
        for g in groups(department_id, official_id):
            g.consultations += n

    for kind, key, total, answered, overdue, middle in _input_figures(now):
        if kind == "d":
            figures = departments.setdefault(key, Figures("", None))
        else:
            figures = officials.setdefault(key, Figures("", key))
        figures.inputs, figures.answered, figures.overdue = total, answered, int(overdue or 0)
        figures.median = float(middle) if middle is not None else None

    commitments = db.session.execute(
        select(
            Consultation.department_id, Consultation.official_id, Commitment.status, func.count()
        )
        .join(Consultation, Consultation.id == Commitment.consultation_id)
        .group_by(Consultation.department_id, Consultation.official_id, Commitment.status)
    )
    for department_id, official_id, status, n in commitments:
        for g in groups(department_id, official_id):
            g.commitments += n
            g.kept += n if status == CommitmentStatus.COMPLETED else 0

    if officials:
        names = db.session.execute(select(User.id, User.display_name).where(User.id.in_(officials)))
        for user_id, name in names:
            officials[user_id].name = name
    unassigned = departments.pop(None, None)
    ordered = sorted((d for d in departments.values() if d.consultations), key=lambda d: d.name)
    if unassigned is not None:
        ordered.append(unassigned)  # shown last, as "No department"
    return {"departments": ordered, "officials": sorted(officials.values(), key=lambda o: o.name)}


def kept_key() -> tuple | None:
    """The dashboard's key in the fragment table, for ACCOUNTABILITY_SECONDS: its figures
    are the same for every reader, so they are worked out once per time slot and language
    per process (about 20 ms of grouped queries at city scale), not for every view. None
    (worked out every time) when the setting is 0."""
    seconds = current_app.config.get("ACCOUNTABILITY_SECONDS", 0)
    if seconds <= 0:
        return None
    return ("accountability", str(get_locale()), fragments.time_slot(seconds))
