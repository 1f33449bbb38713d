"""A published outcome and a dashboard whose charts have long labels, answers of every
kind and a value of 0 right after a long label: what made labels run into values."""

from __future__ import annotations

from engage.extensions import db
from engage.outcomes import service
from tests.outcomes.helpers import department, official_of

LONG_DEPARTMENT = "Department of Urban Mobility, Sensors and Digital Infrastructure"


def chart_world(factories):
    dept = department(LONG_DEPARTMENT)
    official = official_of(factories, dept, "Olu Official")
    consultation = factories.consultation("closed", official=official, department_id=dept.id)
    statuses = ("accepted", "accepted", "partly_accepted", "rejected", None, None, None)
    for n, status in enumerate(statuses):
        proposal = factories.proposal(consultation, title=f"Idea {n}")
        if status:
            service.respond(official, proposal, status, "Reason.")
    factories.proposal(consultation, title="On paper", channel="paper")
    service.save_outcome(official, consultation, "Heard", "Decided")
    service.publish_outcome(official, consultation)
    db.session.commit()
    return consultation
