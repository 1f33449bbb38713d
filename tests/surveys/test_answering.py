"""Answering a survey online: every kind of bad answer is refused with its reason next to
the field, whatever a tampered form sends, and nothing invalid is ever stored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from engage.extensions import db
from engage.surveys.models import Answer, Questionnaire, SurveyResponse
from tests.factories import csrf_token_from, login
from tests.surveys.helpers import survey


@pytest.fixture
def made(factories):
    return survey(factories)


@pytest.fixture
def resident(client, factories):
    user = factories.user(name="Rita Resident")
    login(client, user)
    return user


def _post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


def _good_first_page(made) -> dict:
    return {
        f"q-{made.single.id}": str(made.option(made.single, 1)),
        f"q-{made.multiple.id}": [str(made.option(made.multiple, 0))],
        f"q-{made.ranking.id}-rank-{made.option(made.ranking, 0)}": "2",
        f"q-{made.ranking.id}-rank-{made.option(made.ranking, 1)}": "1",
        f"q-{made.ranking.id}-rank-{made.option(made.ranking, 2)}": "3",
        f"q-{made.scale.id}": "4",
        "action": "continue",
    }


def _error_next_to(html: str, question) -> str:
    match = re.search(rf'id="q-{question.id}-error">.*?</span>(.*?)</p>', html, re.S)
    assert match, f"no error next to question {question.id}"
    return match.group(1)


BAD_FIRST_PAGE = [
    ("single", lambda m: {f"q-{m.single.id}": "999999"}, "not one of the answers"),
    ("single", lambda m: {f"q-{m.single.id}": "abc"}, "not one of the answers"),
    (
        "single",
        lambda m: {f"q-{m.single.id}": [str(m.option(m.single, 0)), str(m.option(m.single, 1))]},
        "only one answer",
    ),
    ("single", lambda m: {f"q-{m.single.id}": "other", f"q-{m.single.id}-other": ""}, "Other"),
    ("single", lambda m: {f"q-{m.single.id}": ""}, "needs one"),
    (
        "multiple",
        lambda m: {f"q-{m.multiple.id}": [str(o.id) for o in m.multiple.options[:3]]},
        "at most 2",
    ),
    (
        "multiple",
        lambda m: {f"q-{m.multiple.id}": [str(m.option(m.multiple, 0))] * 2},
        "only once",
    ),
    (
        "multiple",
        lambda m: {f"q-{m.multiple.id}": [str(m.option(m.single, 0))]},
        "not one of the answers",
    ),
    (
        "ranking",
        lambda m: {f"q-{m.ranking.id}-rank-{m.option(m.ranking, 1)}": "2"},
        "same position",
    ),
    (
        "ranking",
        lambda m: {f"q-{m.ranking.id}-rank-{m.option(m.ranking, 1)}": "9"},
        "from 1 to 3",
    ),
    (
        "ranking",
        lambda m: {f"q-{m.ranking.id}-rank-{m.option(m.single, 0)}": "1"},
        "not one of the options",
    ),
    (
        "ranking",
        lambda m: {f"q-{m.ranking.id}-rank-{m.option(m.ranking, 1)}": ""},
        "every option a position",
    ),
    ("scale", lambda m: {f"q-{m.scale.id}": "6"}, "points on the scale"),
    ("scale", lambda m: {f"q-{m.scale.id}": "2.5"}, "points on the scale"),
]


@pytest.mark.parametrize(("kind", "change", "reason"), BAD_FIRST_PAGE)
def test_a_tampered_first_page_is_refused_with_the_reason_and_stores_nothing(
    client, made, resident, kind, change, reason
):
    data = {**_good_first_page(made), **change(made)}
    response = _post(client, made.url(1), data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert reason in _error_next_to(html, getattr(made, kind))
    # The error summary links to the field; the page keeps what was sent.
    assert f'href="#q-{getattr(made, kind).id}"' in html
    if kind == "scale":
        kept = f'value="{made.option(made.single, 1)}" checked'
    else:
        kept = f'id="q-{made.scale.id}-4" name="q-{made.scale.id}" value="4" checked'
    assert kept in html
    assert _stored() == 0


BAD_SECOND_PAGE = [
    ("number", "15", "from 16 to 120"),
    ("number", "1e3", "whole number"),
    ("number", "99999999999999", "whole number"),
    ("short", "two\nlines", "one line"),
    ("short", "x" * 501, "at most 500"),
    ("long", "x" * 5001, "at most 5000"),
]


@pytest.mark.parametrize(("kind", "value", "reason"), BAD_SECOND_PAGE)
def test_a_tampered_second_page_is_refused(client, made, resident, kind, value, reason):
    assert _post(client, made.url(1), _good_first_page(made)).status_code == 303
    before = _stored()
    question = getattr(made, kind)
    response = _post(client, made.url(2), {f"q-{question.id}": value, "action": "continue"})
    assert response.status_code == 422
    assert reason in _error_next_to(response.get_data(as_text=True), question)
    assert _stored() == before


def test_answers_are_kept_over_two_visits_and_sent_once(client, made, resident):
    # First visit: the first page, then leave.
    response = _post(client, made.url(1), _good_first_page(made))
    assert response.headers["Location"].endswith(made.url(2))
    start = client.get(made.url()).get_data(as_text=True)
    assert "Continue where you left off" in start
    # Second visit: the saved answers are there, the last page sends them.
    page_one = client.get(made.url(1)).get_data(as_text=True)
    assert f'value="{made.option(made.single, 1)}" checked' in page_one
    response = _post(client, made.url(2), {f"q-{made.number.id}": "44", "action": "continue"})
    assert response.status_code == 303
    row = db.session.scalar(select(SurveyResponse))
    assert row.submitted_at is not None and row.respondent_id == resident.id
    assert db.session.get(Questionnaire, made.questionnaire.id).response_count == 1
    assert db.session.scalar(select(func.count()).where(Answer.counted.is_(False))) == 0
    # Changing an answer keeps one response and replaces the old answer.
    changed = {**_good_first_page(made), f"q-{made.scale.id}": "2"}
    assert _post(client, made.url(1), changed).status_code == 303
    numbers = db.session.scalars(select(Answer.number).where(Answer.question_id == made.scale.id))
    assert list(numbers) == [2]
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_the_conditional_question_is_kept_only_when_its_rule_holds(client, made, resident):
    # Chose 30 days: the "why only 7 days" answer is sent but not kept.
    assert _post(client, made.url(1), _good_first_page(made)).status_code == 303
    page_two = client.get(made.url(2)).get_data(as_text=True)
    assert "Why only 7 days?" not in page_two
    data = {f"q-{made.conditional.id}": "Because.", "action": "continue"}
    assert _post(client, made.url(2), data).status_code == 303
    kept = select(Answer).where(Answer.question_id == made.conditional.id)
    assert db.session.scalar(kept) is None
    # Chose 7 days: it is shown and kept.
    seven = {**_good_first_page(made), f"q-{made.single.id}": str(made.option(made.single, 0))}
    assert _post(client, made.url(1), seven).status_code == 303
    assert "Why only 7 days?" in client.get(made.url(2)).get_data(as_text=True)
    assert _post(client, made.url(2), data).status_code == 303
    assert db.session.scalar(kept).text == "Because."
    # Back to 30 days: the answer to the now hidden question goes.
    assert _post(client, made.url(1), _good_first_page(made)).status_code == 303
    assert db.session.scalar(kept) is None


def test_other_please_say_keeps_the_words(client, made, resident):
    data = {
        **_good_first_page(made),
        f"q-{made.single.id}": "other",
        f"q-{made.single.id}-other": "14 days",
    }
    assert _post(client, made.url(1), data).status_code == 303
    row = db.session.scalar(select(Answer).where(Answer.question_id == made.single.id))
    assert (row.option_id, row.text, row.text_status) == (None, "14 days", "held")
    assert 'value="14 days"' in client.get(made.url(1)).get_data(as_text=True)


def test_save_and_finish_later_lets_required_questions_wait(client, made, resident):
    data = {**_good_first_page(made), f"q-{made.single.id}": "", "action": "later"}
    response = _post(client, made.url(1), data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(made.url())
    # But the answers given must still fit.
    data[f"q-{made.scale.id}"] = "9"
    assert _post(client, made.url(1), data).status_code == 422


def test_sending_with_a_required_question_empty_goes_back_to_it(client, made, resident):
    later = {**_good_first_page(made), f"q-{made.single.id}": "", "action": "later"}
    _post(client, made.url(1), later)
    response = _post(client, made.url(2), {"action": "continue"})
    assert response.headers["Location"].endswith(made.url(1))
    assert db.session.scalar(select(SurveyResponse.submitted_at)) is None


def test_people_who_cannot_take_part_see_why_and_cannot_post(client, made, factories):
    page = client.get(made.url(1)).get_data(as_text=True)
    assert "Sign in to take part." in page
    assert 'name="q-' not in page
    closed = survey(factories, consultation=factories.consultation("closed"))
    login(client, factories.user())
    response = _post(client, closed.url(1), _good_first_page(closed))
    assert response.status_code == 403
    assert _stored() == 0


def test_a_draft_questionnaire_is_not_found_by_the_public(client, factories):
    draft = survey(factories, published=False)
    assert client.get(draft.url()).status_code == 404


def test_with_htmx_answers_are_saved_as_the_person_goes(client, made, resident):
    data = {**_good_first_page(made), "action": "autosave"}
    token = csrf_token_from(client.get(made.url(1)).get_data(as_text=True))
    response = client.post(
        made.url(1), data={"csrf_token": token, **data}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="survey-progress"' in html and "hx-swap-oob" in html
    assert "Your answers on this page are saved." in html
    assert "(Complete)" in html
    assert _stored() > 0
    # An answer that doesn't fit saves nothing and says so.
    bad = {**data, f"q-{made.scale.id}": "7"}
    response = client.post(
        made.url(1), data={"csrf_token": token, **bad}, headers={"HX-Request": "true"}
    )
    assert "need putting right" in response.get_data(as_text=True)
    scale = select(Answer.number).where(Answer.question_id == made.scale.id)
    assert db.session.scalar(scale) == 4


def test_a_question_shown_by_an_answer_on_the_same_page(client, factories, resident):
    from engage.permissions import OFFICIAL
    from engage.surveys import service

    official = factories.user(OFFICIAL)
    consultation = factories.consultation("open", official=official)
    q = service.create_questionnaire(official, consultation, "One page")
    section = q.sections[0]
    first = service.add_question(official, section, "single", "Cameras?", options=["Yes", "No"])
    why = service.add_question(
        official, section, "short_text", "Why not?", condition_option=first.options[1]
    )
    service.publish_questionnaire(official, q)
    db.session.commit()
    url = f"/consultations/{consultation.slug}/surveys/{q.id}/page/1"
    page = client.get(url).get_data(as_text=True)
    # Without JavaScript the question is there, with its rule; with it, htmx shows it.
    assert "<noscript>" in page and "Only if you chose “No” for “Cameras?”" in page
    token = csrf_token_from(page)
    data = {"csrf_token": token, f"q-{first.id}": str(first.options[1].id), "action": "autosave"}
    swapped = client.post(url, data=data, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f'id="q-{why.id}-slot" data-hx-swap-oob="true">' in swapped
    assert "<noscript>" not in swapped and f'name="q-{why.id}"' in swapped
    # Answered "Yes": the words for "Why not?" are not kept.
    data = {"csrf_token": token, f"q-{first.id}": str(first.options[0].id), f"q-{why.id}": "x"}
    assert client.post(url, data={**data, "action": "continue"}).status_code == 303
    assert db.session.scalar(select(Answer).where(Answer.question_id == why.id)) is None
