"""Shared set-up for outcome tests: a department, its official, a closed consultation."""

from __future__ import annotations

from datetime import timedelta

from engage.consultations.models import Department
from engage.database import utcnow
from engage.extensions import db


def department(name: str = "Department of Digital Services") -> Department:
    dept = Department(slug=name.lower().replace(" ", "-"), name=name)
    db.session.add(dept)
    db.session.commit()
    return dept


def official_of(factories, dept: Department, name: str = "Olu Official"):
    official = factories.user("official", name=name)
    official.department_id = dept.id
    db.session.commit()
    return official


def over_threshold(proposal, days_ago: int = 20, window: int = 30) -> None:
    """Mark a proposal as having reached the support threshold ``days_ago``."""
    reached = utcnow() - timedelta(days=days_ago)
    proposal.threshold_reached_at = reached
    proposal.response_due_at = reached + timedelta(days=window)
    db.session.commit()
