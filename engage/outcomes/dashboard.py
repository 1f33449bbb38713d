"""The accountability dashboard: per department and per official, how inputs were answered
and commitments kept. A fixed number of grouped queries, whatever the amount of data.

"Days to answer" runs from when an input was made to its first answer (an official
response for a proposal, the decision for an amendment). "Overdue" means a proposal past
its response due date with no answer yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from sqlalchemy import func, null, select, union_all

from engage.accounts.models import User
from engage.consultations.models import Consultation, Department
from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import inputs
from engage.outcomes.models import COMPLETED, Commitment, OfficialResponse
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
    days: list[float] = field(default_factory=list)

    @property
    def answered_share(self) -> int | None:
        return round(100 * self.answered / self.inputs) if self.inputs else None

    @property
    def median_days(self) -> float | None:
        return round(median(self.days), 1) if self.days else None


def _input_rows():
    """(department, official, made at, due at, first answer at) for every input."""
    r = OfficialResponse
    first = (select(r.target_id, func.min(r.created_at).label("first_at"))
             .where(r.target_type == "proposal").group_by(r.target_id).subquery())  # fmt: skip
    parts = [
        select(Consultation.department_id, Consultation.official_id,
               Proposal.created_at.label("made_at"), Proposal.response_due_at.label("due_at"),
               first.c.first_at)
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .outerjoin(first, first.c.target_id == Proposal.id)
        .where(Consultation.published_at.is_not(None), *inputs.visible_proposals())
    ]  # fmt: skip
    amendment = inputs.amendment_model()
    if amendment is not None:
        parts.append(
            select(Consultation.department_id, Consultation.official_id,
                   amendment.created_at.label("made_at"), null().label("due_at"),
                   amendment.decided_at.label("first_at"))
            .join(Consultation, Consultation.id == amendment.consultation_id)
            .where(Consultation.published_at.is_not(None), *inputs.visible_amendments())
        )  # fmt: skip
    query = union_all(*parts) if len(parts) > 1 else parts[0]
    return db.session.execute(query).all()


def _as_aware(value):
    """Raw union rows skip the column type on SQLite: make naive values UTC."""
    from datetime import UTC

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


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
    )  # fmt: skip
    for department_id, official_id, n in consultations:
        for g in groups(department_id, official_id):
            g.consultations += n

    for department_id, official_id, made_at, due_at, first_at in _input_rows():
        made_at, due_at, first_at = _as_aware(made_at), _as_aware(due_at), _as_aware(first_at)
        for g in groups(department_id, official_id):
            g.inputs += 1
            if first_at is not None:
                g.answered += 1
                g.days.append(max(0.0, (first_at - made_at).total_seconds() / 86400))
            elif due_at is not None and due_at < now:
                g.overdue += 1

    commitments = db.session.execute(
        select(Consultation.department_id, Consultation.official_id, Commitment.status,
               func.count())
        .join(Consultation, Consultation.id == Commitment.consultation_id)
        .group_by(Consultation.department_id, Consultation.official_id, Commitment.status)
    )  # fmt: skip
    for department_id, official_id, status, n in commitments:
        for g in groups(department_id, official_id):
            g.commitments += n
            g.kept += n if status == COMPLETED else 0

    if officials:
        names = db.session.execute(select(User.id, User.display_name)
                                   .where(User.id.in_(officials)))  # fmt: skip
        for user_id, name in names:
            officials[user_id].name = name
    unassigned = departments.pop(None, None)
    ordered = sorted((d for d in departments.values() if d.consultations), key=lambda d: d.name)
    if unassigned is not None:
        ordered.append(unassigned)  # shown last, as "No department"
    return {"departments": ordered,
            "officials": sorted(officials.values(), key=lambda o: o.name)}  # fmt: skip
