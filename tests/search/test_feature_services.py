"""The feature services keep the index in step with their content (the index() contract)."""

from __future__ import annotations

from engage.consultations import service as consultations
from engage.extensions import db
from engage.proposals import service as proposals
from engage.search import service as search


def found(query: str) -> list[tuple[str, int]]:
    return [(hit.kind, hit.ref_id) for hit in search.search(query)]


def test_a_consultation_is_found_once_published(factories):
    official = factories.user("official")
    draft = factories.consultation(status="draft", official=official, title="Street lidar")
    consultations.save(official, draft, {f: getattr(draft, f) for f in consultations.FIELDS})
    db.session.commit()
    assert found("lidar") == []

    consultations.publish(official, draft)
    db.session.commit()
    assert found("lidar") == [("consultation", draft.id)]


def test_proposals_are_indexed_on_create_and_edit_and_removed_on_withdrawal(factories):
    consultation = factories.consultation(title="Bus lanes")
    author = factories.user()
    proposal = proposals.create(author, consultation, "Camera enforcement", "Fines by post.")
    db.session.commit()
    assert found("enforcement") == [("proposal", proposal.id)]

    proposals.edit(author, proposal, "Human enforcement", "Officers, not cameras.")
    db.session.commit()
    assert found("officers") == [("proposal", proposal.id)]
    assert found("fines") == []

    proposals.withdraw(author, proposal, "Changed my mind.")
    db.session.commit()
    assert found("enforcement") == []


def test_a_failed_request_leaves_the_index_as_it_was(factories):
    consultation = factories.consultation(title="Bus lanes")
    proposals.create(factories.user(), consultation, "Rolled back", "Never committed.")
    db.session.rollback()
    assert found("rolled") == []
