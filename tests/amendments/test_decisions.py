"""Officials accept (publishing a version credited to the amendment) or reject with a
public reason; out-of-date amendments never overwrite newer text silently."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.amendments.models import Amendment
from engage.audit.models import AuditEntry
from engage.drafts import service as drafts
from engage.drafts.models import Draft, DraftVersion
from engage.drafts.queries import version, version_clauses
from engage.extensions import db
from tests.amendments.helpers import clause, clause_url, published_draft
from tests.consultations.helpers import post, text
from tests.factories import login


@pytest.fixture
def setup(factories):
    draft, official = published_draft(factories)
    return draft, official


def _as(client, user):
    login(client, user)
    return client


def _texts(draft, number):
    return [c.text for c in version_clauses(version(draft, number)) if not c.is_section]


def test_accepting_publishes_a_version_credited_to_the_amendment(client, factories, setup):
    draft, official = setup
    author = factories.user(name="Amal Author")
    amendment = factories.amendment(
        clause(draft, 3), author=author, text="No live matching anywhere."
    )
    _as(client, official)
    page = text(client.get(f"/amendments/{amendment.id}"))
    assert "Accept or reject" in page
    decide = text(client.get(f"/amendments/{amendment.id}/decide"))
    assert "Accept and publish version 2" in decide and "Three texts" not in decide
    response = post(
        client,
        f"/amendments/{amendment.id}/accept",
        {"text": "No live matching anywhere.", "note": "Agreed."},
    )
    assert response.status_code == 303
    db.session.expire_all()
    amendment = db.session.get(Amendment, amendment.id)
    assert (amendment.status, amendment.accepted_in_version_number) == ("accepted", 2)
    assert amendment.decided_by_id == official.id
    v2 = version(draft, 2)
    assert v2.credited_amendment_id == amendment.id
    assert _texts(draft, 2)[2] == "No live matching anywhere."
    assert _texts(draft, 1)[2] == "No live matching in public places."  # v1 untouched
    slug = draft.consultation.slug
    page = text(client.get(f"/consultations/{slug}/draft"))
    assert "This version accepts an amendment by Amal Author:" in page
    assert f"Amendment {amendment.id} to clause 3" in page
    diff = client.get(f"/consultations/{slug}/draft/diff?from=1&to=2").get_data(as_text=True)
    assert "1 part changed" in diff and "0 added" in diff and "0 removed" in diff
    assert "[added: </span>anywhere." in diff
    page = text(client.get(f"/amendments/{amendment.id}"))
    assert "Accepted on" in page and "version 2 of the draft includes it" in page
    entry = db.session.scalars(select(AuditEntry).filter_by(action="amendment.accepted")).one()
    assert (entry.actor_id, entry.target_id, entry.reason) == (official.id, amendment.id, "Agreed.")


def test_accepting_an_insertion_and_a_deletion(client, factories, setup):
    draft, official = setup
    insert = factories.amendment(clause(draft, 2), kind="insert_after", text="Only with a warrant.")
    delete = factories.amendment(clause(draft, 4), kind="delete")
    _as(client, official)
    assert post(client, f"/amendments/{insert.id}/accept", {"text": ""}).status_code == 303
    assert post(client, f"/amendments/{delete.id}/accept").status_code == 303
    assert _texts(draft, 2) == [
        "This policy covers cameras.",
        "It applies to the police.",
        "Only with a warrant.",
        "No live matching in public places.",
        "Every search is logged.",
    ]
    assert _texts(draft, 3) == _texts(draft, 2)[:4]
    assert clause(draft, 5).text == "Only with a warrant."  # a new number, never reused


def test_rejecting_needs_a_reason_that_everyone_sees(client, factories, setup):
    draft, official = setup
    amendment = factories.amendment(clause(draft, 3))
    _as(client, official)
    response = post(client, f"/amendments/{amendment.id}/reject", {"reason": "  "})
    assert response.status_code == 422
    assert "Say why it is rejected." in text(response)
    assert db.session.get(Amendment, amendment.id).status == "proposed"
    response = post(
        client, f"/amendments/{amendment.id}/reject", {"reason": "The law already covers this."}
    )
    assert response.status_code == 303
    anonymous = client.application.test_client()
    page = text(anonymous.get(f"/amendments/{amendment.id}"))
    assert "Rejected on" in page and "The law already covers this." in page
    assert "The law already covers this." in text(anonymous.get(clause_url(draft, 3)))
    assert db.session.scalars(select(AuditEntry).filter_by(action="amendment.rejected")).one()
    assert db.session.get(Draft, draft.id).current_version_number == 1
    # Decided once: no second decision.
    assert client.get(f"/amendments/{amendment.id}/decide").status_code == 403


def test_an_amendment_written_against_an_older_text_is_out_of_date(client, factories, setup):
    draft, official = setup
    first = factories.amendment(clause(draft, 3), text="No live matching anywhere.")
    second = factories.amendment(clause(draft, 3), text="No live matching in public places, ever.")
    _as(client, official)
    post(client, f"/amendments/{first.id}/accept", {"text": "No live matching anywhere."})
    page = text(client.get(f"/amendments/{second.id}"))
    assert "Out of date" in page and "written against version 1" in page
    assert "Out of date" in text(client.get(clause_url(draft, 3)))
    decide = text(client.get(f"/amendments/{second.id}/decide"))
    assert "Three texts" in decide
    assert "1. The text it was written against (version 1)" in decide
    assert "2. The current text (version 2), compared with 1" in decide
    # Without the confirmation nothing is published and the newer text stays.
    response = post(
        client,
        f"/amendments/{second.id}/accept",
        {"text": "No live matching in public places, ever."},
    )
    assert response.status_code == 422
    assert "The clause changed after this amendment was written." in text(response)
    assert db.session.get(Draft, draft.id).current_version_number == 2
    assert db.session.get(Amendment, second.id).status == "proposed"
    # The official confirms an explicit merged text.
    merged = "No live matching anywhere, ever."
    response = post(client, f"/amendments/{second.id}/accept", {"text": merged, "confirm": "y"})
    assert response.status_code == 303
    assert _texts(draft, 3)[2] == merged
    amendment = db.session.get(Amendment, second.id)
    assert amendment.accepted_text == merged
    assert "The official merged it with newer text." in text(client.get(f"/amendments/{second.id}"))


def test_unpublished_edits_must_be_published_first(client, factories, setup):
    draft, official = setup
    amendment = factories.amendment(clause(draft, 3))
    drafts.edit_clause(clause(draft, 1), official, "Changed, not published.")
    db.session.commit()
    _as(client, official)
    decide = text(client.get(f"/amendments/{amendment.id}/decide"))
    assert "Publish them as their own version first" in decide
    response = post(client, f"/amendments/{amendment.id}/accept", {"text": "X"})
    assert response.status_code == 422
    assert db.session.scalars(select(DraftVersion)).all().__len__() == 1


def test_only_officials_decide(client, factories, setup):
    draft, _official = setup
    amendment = factories.amendment(clause(draft, 3))
    _as(client, factories.user("moderator"))
    assert "Accept or reject" not in text(client.get(f"/amendments/{amendment.id}"))
    assert client.get(f"/amendments/{amendment.id}/decide").status_code == 403
    assert post(client, f"/amendments/{amendment.id}/reject", {"reason": "No"}).status_code == 403
    assert db.session.get(Amendment, amendment.id).status == "proposed"
