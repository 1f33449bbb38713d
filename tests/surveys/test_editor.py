"""The officials' editor: pages and questions of every kind with a conditional rule,
a preview, publishing; frozen after the first answer, when only spelling corrections
(audited) are possible; translations of questions and options."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.extensions import db
from engage.surveys.models import Question, Questionnaire
from tests.factories import csrf_token_from, login
from tests.surveys.helpers import survey


@pytest.fixture
def official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


def _post(client, url, data, form_url=None):
    token = csrf_token_from(client.get(form_url or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _question(client, base, **data):
    values = {"kind": "single", "prompt": "", "condition": "0", "options": ""}
    return _post(client, f"{base}/questions", {**values, **data}, form_url=f"{base}/edit")


def test_an_official_builds_and_publishes_a_survey_with_a_conditional_question(
    client, official, factories
):
    consultation = factories.consultation("open", official=official)
    manage = f"/consultations/{consultation.slug}/surveys/manage"
    response = _post(
        client, f"/consultations/{consultation.slug}/surveys/new", {"title": "Cameras"}, manage
    )
    assert response.status_code == 303
    questionnaire = db.session.scalar(select(Questionnaire))
    base = f"/consultations/{consultation.slug}/surveys/{questionnaire.id}"
    section = questionnaire.sections[0].id
    made = [
        dict(kind="single", prompt="Retention?", options="7 days\n30 days", required="y"),
        dict(kind="multiple", prompt="Where?", options="Stations\nParks\nSchools", max_choices="2"),
        dict(kind="ranking", prompt="Rank", options="Audits\nWarrants"),
        dict(kind="scale", prompt="Comfort?", min_value="1", max_value="5", min_label="Low"),
        dict(kind="number", prompt="Age?", min_value="16", max_value="120"),
    ]
    for data in made:
        assert _question(client, base, section=str(section), **data).status_code == 303, data
    seven = db.session.scalar(select(Question).filter_by(prompt="Retention?")).options[0]
    response = _question(
        client,
        base,
        section=str(section),
        kind="long_text",
        prompt="Why 7?",
        condition=str(seven.id),
    )
    assert response.status_code == 303
    conditional = db.session.scalar(select(Question).filter_by(prompt="Why 7?"))
    assert conditional.condition_option_id == seven.id
    page = client.get(f"{base}/edit").get_data(as_text=True)
    assert "Only if “Retention?” is answered “7 days”" in page
    preview = client.get(f"{base}/preview").get_data(as_text=True)
    assert "Comfort?" in preview and "<fieldset" in preview
    response = _post(client, f"{base}/publish", {}, form_url=f"{base}/edit")
    assert response.status_code == 303
    assert db.session.get(Questionnaire, questionnaire.id).is_published


BAD_QUESTIONS = [
    (dict(kind="single", prompt="Q", options="Only one"), "at least two options"),
    (dict(kind="single", prompt="Q", options="Same\nsame"), "must be different"),
    (dict(kind="multiple", prompt="Q", options="A\nB", max_choices="3"), "more than the number"),
    (dict(kind="scale", prompt="Q", min_value="1", max_value="50"), "from 2 to 11 points"),
    (dict(kind="scale", prompt="Q"), "lowest and highest"),
    (dict(kind="number", prompt="Q", min_value="9", max_value="1"), "lower than the lowest"),
    (dict(kind="dropdown", prompt="Q"), "Not a valid choice"),
    (dict(kind="short_text", prompt=""), "Write the question"),
    (dict(kind="short_text", prompt="Q", condition="999999"), "Not a valid choice"),
]


@pytest.mark.parametrize(("data", "reason"), BAD_QUESTIONS)
def test_a_question_that_does_not_make_sense_is_refused(client, official, factories, data, reason):
    made = survey(factories, official=official, published=False)
    base = made.url()
    before = db.session.query(Question).count()
    response = _question(client, base, section=str(made.single.section_id), **data)
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)
    assert db.session.query(Question).count() == before


def test_after_the_first_answer_only_spelling_can_be_corrected_and_it_is_audited(
    client, official, factories
):
    made = survey(factories, official=official)
    resident = factories.user()
    from engage.surveys import service
    from engage.surveys.answers import check

    service.save_page(
        resident,
        made.questionnaire,
        1,
        [made.single],
        check([made.single], {f"q-{made.single.id}": str(made.option(made.single, 0))}),
    )
    db.session.commit()
    base = made.url()
    assert "be added or removed" in client.get(f"{base}/edit").get_data(as_text=True)
    response = _question(
        client, base, section=str(made.single.section_id), kind="short_text", prompt="New"
    )
    assert response.status_code == 409
    option = made.single.options[1]
    url = f"{base}/options/{option.id}"
    field = f"option-{option.id}-label"
    refused = _post(client, url, {field: "Forever"}, form_url=f"{base}/edit")
    assert refused.status_code == 422
    assert "only have its spelling corrected" in refused.get_data(as_text=True)
    assert _post(client, url, {field: "30 dayz"}, form_url=f"{base}/edit").status_code == 303
    db.session.expire_all()
    assert option.label == "30 dayz"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="questionnaire.correct_option"))
    assert entry.before == {"label": "30 days"} and entry.after == {"label": "30 dayz"}
    assert entry.actor_id == official.id
    remove = f"{base}/questions/{made.long.id}/remove"
    assert _post(client, remove, {}, form_url=f"{base}/edit").status_code == 409


def test_questions_and_options_are_shown_in_the_readers_language(client, official, factories):
    made = survey(factories, official=official)
    base = made.url()
    data = {
        f"prompt-{made.single.id}": "¿Qué plazo de conservación?",
        f"option-{made.option(made.single, 0)}": "7 días",
    }
    response = _post(client, f"{base}/translations/es", data)
    assert response.status_code == 303
    assert db.session.scalar(select(AuditEntry).filter_by(action="questionnaire.translate"))
    client.get("/language/es")
    page = client.get(made.url(1)).get_data(as_text=True)
    assert "¿Qué plazo de conservación?" in page and "7 días" in page
    # Untranslated texts show the original.
    assert "Rank these safeguards" in page
    long = _post(client, f"{base}/translations/es", {f"prompt-{made.single.id}": "x" * 501})
    assert long.status_code == 422


def test_removing_a_question_removes_its_options_and_the_rule_it_made(client, official, factories):
    made = survey(factories, official=official, published=False)
    base = made.url()
    remove = f"{base}/questions/{made.single.id}/remove"
    assert _post(client, remove, {}, form_url=f"{base}/edit").status_code == 303
    db.session.expire_all()
    assert db.session.get(Question, made.single.id) is None
    conditional = db.session.get(Question, made.conditional.id)
    assert conditional.condition_option_id is None and not conditional.is_conditional
    assert "Which retention period?" not in client.get(f"{base}/edit").get_data(as_text=True)
