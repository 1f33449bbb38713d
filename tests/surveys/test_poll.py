"""The quick poll: one question answered in place on the consultation's page, through the
same checks and the same results as a survey."""

from __future__ import annotations

from sqlalchemy import select

from engage.extensions import db
from engage.permissions import OFFICIAL
from engage.surveys import service
from engage.surveys.models import Answer
from tests.factories import csrf_token_from, login


def _poll(factories):
    official = factories.user(OFFICIAL)
    consultation = factories.consultation("open", official=official)
    poll = service.create_questionnaire(official, consultation, "Quick poll", is_poll=True)
    question = service.add_question(
        official,
        poll.sections[0],
        "single",
        "Should cameras record sound?",
        options=["Yes", "No"],
        required=True,
    )
    service.publish_questionnaire(official, poll, results_live=True)
    db.session.commit()
    return consultation, poll, question


def test_a_resident_answers_the_poll_on_the_consultation_page(client, factories):
    consultation, poll, question = _poll(factories)
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "Should cameras record sound?" in page and "Sign in to take part." in page
    login(client, factories.user())
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f'name="q-{question.id}"' in page
    url = f"/consultations/{consultation.slug}/surveys/{poll.id}/page/1"
    data = {"csrf_token": csrf_token_from(page), "action": "continue"}
    # Nothing chosen: refused with the reason.
    refused = client.post(url, data=data)
    assert refused.status_code == 422 and "this question needs one" in refused.get_data(
        as_text=True
    )
    response = client.post(url, data={**data, f"q-{question.id}": str(question.options[1].id)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/consultations/{consultation.slug}")
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "You answered this poll." in page
    assert db.session.scalar(select(Answer.option_id)) == question.options[1].id
    results = client.get(f"/consultations/{consultation.slug}/surveys/{poll.id}/results")
    assert "No (100%)" in results.get_data(as_text=True)


def test_a_poll_has_one_question(client, factories):
    consultation, poll, question = _poll(factories)
    poll.published_at = None
    poll.frozen_at = None
    db.session.commit()
    login(client, consultation.official)
    base = f"/consultations/{consultation.slug}/surveys/{poll.id}"
    token = csrf_token_from(client.get(f"{base}/edit").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "section": poll.sections[0].id,
        "kind": "short_text",
        "prompt": "Second",
        "condition": "0",
    }
    response = client.post(f"{base}/questions", data=data)
    assert response.status_code == 422
    assert "A quick poll has one question." in response.get_data(as_text=True)
