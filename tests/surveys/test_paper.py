"""Paper and phone answers: typed in by an official through the same questions, labelled
with their channel, counted in the results, refused with reasons when they don't fit."""

from __future__ import annotations

from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.extensions import db
from engage.surveys.models import Answer, SurveyResponse
from tests.factories import csrf_token_from, login
from tests.surveys.helpers import survey


def _post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_an_official_enters_a_paper_answer_that_counts(client, factories):
    made = survey(factories)
    official = made.questionnaire.consultation.official
    login(client, official)
    url = made.url() + "/paper"
    data = {
        "channel": "phone",
        f"q-{made.single.id}": str(made.option(made.single, 2)),
        f"q-{made.scale.id}": "5",
    }
    assert _post(client, url, data).status_code == 303
    row = db.session.scalar(select(SurveyResponse))
    assert (row.channel, row.recorded_by_id, row.respondent_id) == ("phone", official.id, None)
    assert row.submitted_at is not None
    assert db.session.scalar(select(AuditEntry).filter_by(action="questionnaire.record_paper"))
    made.questionnaire.results_live = True
    db.session.commit()
    page = client.get(made.url() + "/results").get_data(as_text=True)
    assert "1 person answered." in page and "90 days (100%)" in page


def test_a_paper_answer_that_does_not_fit_is_refused(client, factories):
    made = survey(factories)
    login(client, made.questionnaire.consultation.official)
    url = made.url() + "/paper"
    data = {"channel": "fax", f"q-{made.number.id}": "200", "received_on": "2999-01-01"}
    response = _post(client, url, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose how it was received." in html
    assert "from 16 to 120" in html and "can&#39;t be in the future" in html
    assert 'value="200"' in html
    assert db.session.scalar(select(Answer)) is None


def test_residents_cannot_enter_paper_answers(client, factories):
    made = survey(factories)
    login(client, factories.user())
    assert client.get(made.url() + "/paper").status_code == 403
