"""flask seed-demo: realistic consultations and proposals, and a second run adds nothing."""

from __future__ import annotations

from engage.accounts.models import User, find_user_by_email
from engage.consultations.models import Consultation, Department
from engage.extensions import db
from engage.proposals.models import Proposal, Support
from tests.consultations.helpers import text


def _counts() -> dict:
    return {
        model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (User, Department, Consultation, Proposal, Support)
    }


def test_seed_demo_adds_consultations_proposals_and_supports(app, client):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    statuses = {c.slug: c.status for c in db.session.scalars(db.select(Consultation))}
    assert statuses == {
        "rules-for-police-use-of-facial-recognition": "open",
        "smart-streetlight-sensors-in-the-city-centre": "upcoming",
        # Closed, with its outcome published by the outcomes demo (engage/demo/outcomes.py).
        "algorithmic-risk-scoring-in-child-welfare-services": "outcome",
        "automatic-licence-plate-readers-on-city-roads": "draft",
    }
    main = db.session.scalar(
        db.select(Consultation).where(Consultation.slug.startswith("rules-for-police"))
    )
    assert main.support_threshold == 25 and main.proposal_count == 6
    assert main.easy_read_summary and "## " in main.body and main.commitment
    official = find_user_by_email("official@example.org")
    assert official.department_id == main.department_id
    resident = find_user_by_email("demo-resident-1@example.org")
    assert resident.display_name == "Amina K." and resident.is_verified
    proposals = list(db.session.scalars(db.select(Proposal).where(Proposal.consultation == main)))
    supports = sorted(p.support_count for p in proposals)
    assert len(set(supports)) == 6 and supports[-1] > 25
    reached = [p for p in proposals if p.threshold_reached_at]
    assert len(reached) == 1 and reached[0].response_due_at > reached[0].threshold_reached_at
    for p in proposals:  # counters match the rows, and nobody supports their own proposal
        rows = db.session.scalars(db.select(Support).where(Support.proposal_id == p.id)).all()
        assert len(rows) == p.support_count
        assert p.author_id not in {s.user_id for s in rows}
    page = text(client.get(f"/consultations/{main.slug}"))
    assert "Rules for police use of facial recognition" in page and "Official response due" in page


def test_seed_demo_twice_adds_nothing(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    first = _counts()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "0 new accounts" in result.output
    assert _counts() == first
