"""The outcome report can cite any survey question's results in "what we heard"."""

from __future__ import annotations

from html import unescape

from engage.extensions import db
from engage.surveys import service
from engage.surveys.answers import check
from tests.factories import login
from tests.surveys.helpers import survey


def _answered(factories):
    official = factories.user("official")
    s = survey(factories, official=official)
    questions = [s.single, s.ranking, s.scale]
    for n, (choice, comfort) in enumerate([(0, 2), (0, 4), (1, 5)]):
        form = {
            f"q-{s.single.id}": str(s.option(s.single, choice)),
            f"q-{s.scale.id}": str(comfort),
        }
        order = s.ranking.options if n else list(reversed(s.ranking.options))
        for position, option in enumerate(order, start=1):
            form[f"q-{s.ranking.id}-rank-{option.id}"] = str(position)
        service.record_paper(
            official,
            s.questionnaire,
            "paper",
            None,
            questions,
            check(questions, form, required=False),
        )
    db.session.commit()
    return official, s


def _heard(client, s, question) -> str:
    page = client.get(f"/consultations/{s.slug}/outcome/edit?cite=question-{question.id}")
    assert page.status_code == 200
    text = unescape(page.get_data(as_text=True))
    return text.split('name="heard"')[1].split(">", 1)[1].split("</textarea>")[0]


def test_the_editor_offers_every_question_and_adds_its_figures(client, factories):
    official, s = _answered(factories)
    login(client, official)
    page = unescape(client.get(f"/consultations/{s.slug}/outcome/edit").get_data(as_text=True))
    for prompt in ("Which retention period?", "Rank these safeguards", "Why only 7 days?"):
        assert f"Add the results of “{prompt}” to what you heard" in page

    heard = _heard(client, s, s.single)
    assert "“Which retention period?” (Cameras survey): 3 people answered." in heard
    assert "- 7 days: 2 (66.7%)" in heard
    assert "- 30 days: 1 (33.3%)" in heard
    assert "- 90 days: 0 (0%)" in heard
    heard = _heard(client, s, s.ranking)
    assert "- Warrants: Borda score 7, ranked first by 2" in heard
    assert "- Deletion: Borda score 5, ranked first by 1" in heard
    heard = _heard(client, s, s.scale)
    assert "Median: 4" in heard and "- 5: 1" in heard


def test_a_question_of_another_consultation_adds_nothing(client, factories):
    official, s = _answered(factories)
    other = survey(factories)
    login(client, official)
    assert _heard(client, s, other.single).strip() == ""
    assert _heard(client, s, s.single) != ""
    page = client.get(f"/consultations/{s.slug}/outcome/edit?cite=question-x")
    assert page.status_code == 200


def test_the_editor_costs_the_same_queries_whatever_the_answers(client, factories):
    """Citing a question reads its running tallies: the editor's queries don't grow with
    the answers (nor with a question's published texts)."""
    from engage.surveys.models import Answer
    from tests.queries import count_queries

    official, s = _answered(factories)
    login(client, official)
    questions = [s.single, s.ranking, s.scale, s.long]
    urls = [f"/consultations/{s.slug}/outcome/edit"] + [
        f"/consultations/{s.slug}/outcome/edit?cite=question-{q.id}" for q in questions
    ]

    def costs() -> list[int]:
        counts = []
        for url in urls:
            client.get(url)  # warm
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    few = costs()
    for n in range(25):
        form = {
            f"q-{s.single.id}": str(s.option(s.single, n % 3)),
            f"q-{s.scale.id}": str(1 + n % 5),
            f"q-{s.long.id}": f"Answer {n}",
        }
        for position, option in enumerate(s.ranking.options, start=1):
            form[f"q-{s.ranking.id}-rank-{option.id}"] = str(position)
        service.record_paper(
            official,
            s.questionnaire,
            "phone",
            None,
            questions,
            check(questions, form, required=False),
        )
    db.session.flush()
    for answer in db.session.scalars(db.select(Answer).where(Answer.text.is_not(None))):
        service.moderate_text(official, answer, True)
    db.session.commit()
    assert "25 text answers are published." in _heard(client, s, s.long)
    assert costs() == few
