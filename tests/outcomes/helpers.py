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


def outcome_world(factories, publish: bool = True, commitment: bool = False) -> dict:
    """A closed consultation with one answered proposal and its outcome report (published
    unless told otherwise), optionally with a commitment and a milestone. For access rows."""
    from engage.outcomes import service
    from engage.outcomes.models import Milestone

    official = factories.user("official")
    consultation = factories.consultation("closed", official=official)
    proposal = factories.proposal(consultation)
    service.respond(official, proposal, "accepted", "Yes.")
    outcome = service.save_outcome(official, consultation, "Heard", "Decided")
    found = {"slug": consultation.slug, "proposal_id": proposal.id}
    if commitment:
        made = service.add_commitment(
            official, outcome, "Promise", "", None, [("proposal", proposal.id)]
        )
        milestone = Milestone(commitment_id=made.id, title="Step", created_at=utcnow())
        db.session.add(milestone)
        db.session.flush()
        found.update(commitment_id=made.id, milestone_id=milestone.id)
    if publish:
        service.publish_outcome(official, consultation)
    db.session.commit()
    return found


def commitment_args(f, people) -> dict:
    return {"commitment_id": outcome_world(f, commitment=True)["commitment_id"]}
