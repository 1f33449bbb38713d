"""Official responses: answered with a status and reason, shown on the proposal, history
kept, audited; the answers list works with and without htmx."""

from __future__ import annotations

import re
from datetime import timedelta

from engage import signals
from engage.audit.models import AuditEntry
from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import queries, service
from engage.outcomes.models import OfficialResponse
from tests.consultations.helpers import HX, post, text
from tests.factories import login
from tests.outcomes.helpers import department, official_of, over_threshold


def _answer(client, proposal, status="accepted", reason="We will do this.", **extra):
    return post(
        client, f"/proposals/{proposal.id}/answer", {"status": status, "reason": reason, **extra}
    )


def test_an_official_answers_and_the_answer_shows_on_the_proposal(client, factories):
    official = factories.user("official", name="Ada Official")
    proposal = factories.proposal(factories.consultation("closed"))
    login(client, official)
    response = _answer(client, proposal, "partly_accepted", "We agree with **half** of it.")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/proposals/{proposal.id}#official-response"
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Partly accepted" in page and "Answered by Ada Official" in page
    assert "<strong>half</strong>" in page
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="proposal.answered"))
    assert (entry.actor_id, entry.target_id, entry.after["status"]) == (
        official.id,
        proposal.id,
        "partly_accepted",
    )


def test_a_new_answer_keeps_the_old_one_as_history(client, factories):
    official = factories.user("official")
    proposal = factories.proposal()
    service.respond(official, proposal, "under_consideration", "We are looking at it.")
    service.respond(official, proposal, "accepted", "Agreed after review.")
    db.session.commit()
    history = queries.response_history("proposal", proposal.id)
    assert [r.status for r in history] == ["accepted", "under_consideration"]
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Agreed after review." in page and "1 earlier answer" in page
    assert "We are looking at it." in page
    entries = db.session.scalars(db.select(AuditEntry).filter_by(action="proposal.answered"))
    assert [e.before for e in entries] == [None, {"status": "under_consideration"}]


def test_an_empty_reason_comes_back_with_the_status_kept(client, factories):
    login(client, factories.user("official"))
    proposal = factories.proposal()
    response = _answer(client, proposal, "rejected", "   ")
    assert response.status_code == 422
    page = text(response)
    assert "Explain the answer." in page
    assert re.search(r'<input checked[^>]*value="rejected"', page), "the chosen answer is kept"
    assert db.session.scalar(db.select(db.func.count(OfficialResponse.id))) == 0


def test_residents_and_officials_of_other_departments_cannot_answer(client, factories):
    dept, other = department("Transport"), department("Health")
    consultation = factories.consultation("closed", department_id=dept.id)
    proposal = factories.proposal(consultation)
    login(client, official_of(factories, other, "Other Official"))
    assert _answer(client, proposal).status_code == 403
    assert "Answer this proposal" not in text(client.get(f"/proposals/{proposal.id}"))


def test_residents_cannot_answer(client, factories):
    proposal = factories.proposal(factories.consultation("closed"))
    login(client, factories.user(name="Resident"))
    assert _answer(client, proposal).status_code == 403
    assert "Answer this proposal" not in text(client.get(f"/proposals/{proposal.id}"))


def test_answers_list_with_htmx_returns_the_row(client, factories):
    login(client, factories.user("official"))
    consultation = factories.consultation("closed")
    proposal = factories.proposal(consultation, title="Ban live matching")
    page = text(client.get(f"/consultations/{consultation.slug}/answers"))
    assert "Ban live matching" in page and f'name="p{proposal.id}-status"' in page
    p = f"p{proposal.id}"
    response = post(
        client,
        f"/proposals/{proposal.id}/answer",
        {"prefix": p, f"{p}-status": "accepted", f"{p}-reason": "Yes.", "from_list": "1"},
        headers=HX,
    )
    assert response.status_code == 200
    row = text(response)
    assert row.startswith(f'<li id="answer-{proposal.id}"') and "Answer saved." in row
    assert "Accepted" in row


def test_answers_list_without_javascript_goes_back_to_the_row(client, factories):
    login(client, factories.user("official"))
    proposal = factories.proposal(factories.consultation("closed"))
    p = f"p{proposal.id}"
    response = post(
        client,
        f"/proposals/{proposal.id}/answer",
        {"prefix": p, f"{p}-status": "rejected", f"{p}-reason": "No.", "from_list": "1"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/answers#answer-{proposal.id}")


def test_invalid_htmx_answer_returns_the_row_with_errors(client, factories):
    login(client, factories.user("official"))
    proposal = factories.proposal(factories.consultation("closed"))
    p = f"p{proposal.id}"
    response = post(
        client,
        f"/proposals/{proposal.id}/answer",
        {"prefix": p, f"{p}-status": "accepted", f"{p}-reason": ""},
        headers=HX,
    )
    assert response.status_code == 422
    assert "Explain the answer." in text(response) and "<details open" in text(response)


def test_overdue_answers_are_shown_publicly(client, factories):
    proposal = factories.proposal(factories.consultation("closed"))
    over_threshold(proposal, days_ago=40, window=30)
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Overdue:" in page
    proposal.response_due_at = utcnow() + timedelta(days=3)
    db.session.commit()
    assert "Overdue:" not in text(client.get(f"/proposals/{proposal.id}"))


def test_listeners_hear_about_answers(factories):
    heard = []

    def listener(response, **kwargs):
        heard.append((response.status, kwargs["previous"]))

    official = factories.user("official")
    proposal = factories.proposal()
    with signals.response_given.connected_to(listener):
        service.respond(official, proposal, "under_consideration", "Looking.")
        service.respond(official, proposal, "implemented", "Done.")
    assert heard == [("under_consideration", None), ("implemented", "under_consideration")]


def test_the_answers_list_points_to_amendments_waiting_for_a_decision(client, factories):
    amendment = factories.amendment()
    consultation = amendment.clause.draft.consultation
    login(client, factories.user("official"))
    page = text(client.get(f"/consultations/{consultation.slug}/answers"))
    assert "1 amendment to the draft is waiting for a decision" in page
    assert f"/consultations/{consultation.slug}/draft/amendments?status=proposed" in page
