"""Commitments: recorded against the outcome, linked to the inputs they came from, moved
by dated updates and milestones; public once the outcome is published."""

from __future__ import annotations

from engage.audit.models import AuditEntry
from engage.extensions import db
from engage.outcomes import service
from engage.outcomes.models import Commitment
from tests.consultations.helpers import post, text
from tests.factories import login


def _published(factories):
    official = factories.user("official", name="Olu Official")
    consultation = factories.consultation("closed", official=official)
    proposal = factories.proposal(consultation, title="Log every search")
    service.respond(official, proposal, "accepted", "Yes.")
    service.save_outcome(official, consultation, "Heard", "Decided")
    service.publish_outcome(official, consultation)
    db.session.commit()
    return official, consultation, proposal


def test_an_official_records_a_commitment_from_a_proposal(client, factories):
    official, consultation, proposal = _published(factories)
    login(client, official)
    url = f"/consultations/{consultation.slug}/commitments/new"
    assert "Log every search" in text(client.get(url))
    response = post(
        client,
        url,
        {
            "title": "Publish a search log",
            "due_on": "2027-06-30",
            "sources": f"proposal:{proposal.id}",
        },
    )
    assert response.status_code == 303
    commitment = db.session.scalar(db.select(Commitment))
    assert [(s.target_type, s.target_id) for s in commitment.sources] == [("proposal", proposal.id)]
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="commitment.created"))
    # The resident sees it on the proposal, and on the public tracker.
    client.post("/account/logout", data={"csrf_token": ""})
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "What this proposal led to" in page and "Publish a search log" in page
    tracker = text(client.get(f"/consultations/{consultation.slug}/commitments"))
    assert "Publish a search log" in tracker and "0% done" in tracker


def test_a_source_that_was_not_accepted_is_refused(client, factories):
    official, consultation, proposal = _published(factories)
    login(client, official)
    response = post(
        client,
        f"/consultations/{consultation.slug}/commitments/new",
        {"title": "Something", "sources": "proposal:999999"},
    )
    assert response.status_code == 422
    assert "Something" in text(response)


def test_updates_and_milestones_move_the_commitment(client, factories):
    official, consultation, proposal = _published(factories)
    outcome = db.session.get(Commitment, 1) or None
    from engage.outcomes import queries

    outcome = queries.outcome_for(consultation)
    commitment = service.add_commitment(official, outcome, "Publish a log", "", None, [])
    db.session.commit()
    login(client, official)
    url = f"/commitments/{commitment.id}"
    assert post(client, f"{url}/milestones", {"title": "Draft the format"}).status_code == 303
    milestone = commitment.milestones[0] if commitment.milestones else None
    db.session.expire_all()
    commitment = db.session.get(Commitment, commitment.id)
    milestone = commitment.milestones[0]
    assert post(client, f"/milestones/{milestone.id}/reached").status_code == 303
    update = {
        "body": "Format agreed with the police.",
        "status": "in_progress",
        "percent_done": "40",
    }
    response = post(client, f"{url}/updates", update)
    assert response.status_code == 303
    db.session.expire_all()
    commitment = db.session.get(Commitment, commitment.id)
    assert (commitment.status, commitment.percent_done, commitment.update_count) == (
        "in_progress",
        40,
        1,
    )
    assert commitment.milestones[0].done_at is not None
    page = text(client.get(url))
    assert "Format agreed with the police." in page and "40% done" in page
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"milestone.created", "milestone.reached", "commitment.updated"} <= actions


def test_an_invalid_update_comes_back_with_the_text_kept(client, factories):
    official, consultation, _ = _published(factories)
    from engage.outcomes import queries

    commitment = service.add_commitment(
        official, queries.outcome_for(consultation), "X", "", None, []
    )
    db.session.commit()
    login(client, official)
    update = {"body": "Half way", "status": "in_progress", "percent_done": "140"}
    response = post(client, f"/commitments/{commitment.id}/updates", update)
    assert response.status_code == 422
    page = text(response)
    assert "Half way" in page and "Enter a number from 0 to 100." in page


def test_completing_a_commitment_sets_it_to_100_percent(factories):
    official, consultation, _ = _published(factories)
    from engage.outcomes import queries

    commitment = service.add_commitment(
        official, queries.outcome_for(consultation), "X", "", None, []
    )
    service.add_update(official, commitment, "Done.", "completed", 70)
    assert commitment.percent_done == 100


def test_residents_cannot_change_commitments(client, factories):
    official, consultation, _ = _published(factories)
    from engage.outcomes import queries

    commitment = service.add_commitment(
        official, queries.outcome_for(consultation), "X", "", None, []
    )
    db.session.commit()
    login(client, factories.user())
    page = text(client.get(f"/commitments/{commitment.id}"))
    assert "Post a progress update" not in page
    response = post(
        client,
        f"/commitments/{commitment.id}/updates",
        {"body": "x", "status": "completed", "percent_done": "100"},
    )
    assert response.status_code == 403
