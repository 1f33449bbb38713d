"""Results: counts and shares, Borda scores and "ranked first by", distribution and
median, published texts only, public after closing (or live), breakdowns with small
cells suppressed; the page's queries don't grow with the answers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.surveys import service
from engage.surveys.answers import check
from engage.surveys.models import Answer, Questionnaire
from engage.surveys.queries import questions_of
from engage.surveys.results import median, results
from tests.factories import csrf_token_from, login
from tests.queries import count_queries
from tests.surveys.helpers import survey


def paper(made, official, single=0, multiple=(0,), ranking=(0, 1, 2), scale=3, text=None):
    """One paper answer, recorded as an official would."""
    ids = lambda q, ns: [str(made.option(q, n)) for n in ns]  # noqa: E731
    form = {
        f"q-{made.single.id}": ids(made.single, [single]),
        f"q-{made.multiple.id}": ids(made.multiple, multiple),
        f"q-{made.scale.id}": str(scale),
    }
    for position, n in enumerate(ranking, start=1):
        form[f"q-{made.ranking.id}-rank-{made.option(made.ranking, n)}"] = str(position)
    if text:
        form[f"q-{made.long.id}"] = text
    questions = questions_of(made.questionnaire)
    checked = check(questions, form)
    assert checked.ok, checked.errors
    return service.record_paper(official, made.questionnaire, "paper", None, questions, checked)


@pytest.fixture
def made(factories):
    return survey(factories)


@pytest.fixture
def official(made):
    return db.session.get(Questionnaire, made.questionnaire.id).consultation.official


def _figures(made):
    return {r.question.id: r for r in results(questions_of(made.questionnaire))}


def test_choices_rankings_and_scales_are_counted(made, official):
    paper(made, official, single=0, multiple=(0, 1), ranking=(2, 0, 1), scale=1)
    paper(made, official, single=0, multiple=(1,), ranking=(0, 2, 1), scale=4)
    paper(made, official, single=1, multiple=(), ranking=(0, 1, 2), scale=5)
    db.session.commit()
    figures = _figures(made)
    single = figures[made.single.id]
    assert single.answered == 3
    assert [(o.count, o.percent) for o in single.options[:3]] == [(2, 66.7), (1, 33.3), (0, 0)]
    multiple = figures[made.multiple.id]
    # Shares of the 2 people who answered, so they add up to more than 100.
    assert multiple.answered == 2
    assert [(o.count, o.percent) for o in multiple.options[:2]] == [(1, 50.0), (2, 100.0)]
    ranking = figures[made.ranking.id]
    # Three options: first 3 points, second 2, third 1.
    assert [(o.borda, o.first) for o in ranking.options] == [(8, 2), (4, 0), (6, 1)]
    scale = figures[made.scale.id]
    assert scale.distribution == [(1, 1), (2, 0), (3, 0), (4, 1), (5, 1)]
    assert scale.median == 4


def test_median_of_an_even_number_is_the_middle_of_the_two():
    assert median([(1, 1), (2, 1), (3, 1), (4, 1)]) == 2.5
    assert median([(5, 3)]) == 5
    assert median([]) is None


def test_answers_not_yet_sent_do_not_count(client, made, official, factories):
    resident = factories.user()
    login(client, resident)
    url = made.url(1)
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    data = {f"q-{made.single.id}": str(made.option(made.single, 0)), "action": "later"}
    client.post(url, data={"csrf_token": token, **data})
    assert _figures(made)[made.single.id].answered == 0


def test_only_published_texts_are_shown(client, made, official):
    paper(made, official, text="Please delete footage after a week.")
    paper(made, official, text="Something rude")
    db.session.commit()
    login(client, official)
    results_url = made.url() + "/results"
    page = client.get(results_url).get_data(as_text=True)
    assert "Please delete footage" not in page and "Something rude" not in page
    texts = made.url() + "/texts"
    waiting = client.get(texts).get_data(as_text=True)
    token = csrf_token_from(waiting)
    rows = db.session.scalars(select(Answer).where(Answer.question_id == made.long.id)).all()
    polite, rude = sorted(rows, key=lambda a: a.id)
    for answer, decision in ((polite, "publish"), (rude, "hide")):
        response = client.post(
            texts, data={"csrf_token": token, "answer": answer.id, "decision": decision}
        )
        assert response.status_code == 303
    page = client.get(results_url).get_data(as_text=True)
    assert "Please delete footage after a week." in page and "Something rude" not in page


def test_results_are_public_after_closing_or_live_if_chosen(client, factories):
    open_survey = survey(factories)
    page = client.get(open_survey.url() + "/results").get_data(as_text=True)
    assert "published when the consultation closes" in page
    assert "Borda" not in page
    open_survey.questionnaire.results_live = True
    db.session.commit()
    page = client.get(open_survey.url() + "/results").get_data(as_text=True)
    assert "Borda" in page and "live" in page
    closed = survey(factories, consultation=factories.consultation("closed"))
    assert "Borda" in client.get(closed.url() + "/results").get_data(as_text=True)


def test_breakdowns_show_only_cells_of_at_least_ten_people(client, made, official):
    for _ in range(10):
        paper(made, official, single=0, multiple=(1,))
    for _ in range(3):
        paper(made, official, single=1, multiple=(1,))
    db.session.commit()
    login(client, official)
    page = client.get(made.url() + f"/results?by={made.single.id}").get_data(as_text=True)
    table = page[page.index("“Where should cameras be?” by") :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<td>(.*?)</td>", table)
    # 7 days: 10 chose Schools; 30 days: 3 did, which is not shown.
    assert cells[:4] == ["fewer than 10", "10", "fewer than 10", "fewer than 10"]
    assert "3" not in cells
    assert "cells suppressed" in table
    assert "a number under 10 people is not shown" in page


def test_the_results_page_costs_the_same_queries_whatever_the_answers(client, made, official):
    made.questionnaire.results_live = True
    db.session.commit()
    url = made.url() + f"/results?by={made.single.id}"

    def cost() -> int:
        client.get(url)  # warm
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    paper(made, official, text="One")
    db.session.commit()
    few = cost()
    for n in range(30):
        paper(made, official, single=n % 3, multiple=(n % 4,), scale=1 + n % 5, text=f"T{n}")
    db.session.commit()
    assert cost() == few


def test_the_running_tallies_equal_a_recount_after_every_kind_of_change(
    client, made, official, factories
):
    from engage.surveys import tallies

    paper(made, official, single=0, multiple=(0, 2), ranking=(1, 0, 2), scale=2, text="Hi")
    resident = factories.user()
    login(client, resident)
    token = csrf_token_from(client.get(made.url(1)).get_data(as_text=True))
    seven = {
        f"q-{made.single.id}": str(made.option(made.single, 0)),
        f"q-{made.multiple.id}": str(made.option(made.multiple, 1)),
        f"q-{made.scale.id}": "5",
        "action": "continue",
    }
    client.post(made.url(1), data={"csrf_token": token, **seven})
    why = {f"q-{made.conditional.id}": "Because", "action": "continue"}
    client.post(made.url(2), data={"csrf_token": token, **why})
    # Changed after sending: the conditional answer goes, the scale moves.
    thirty = {
        **seven,
        f"q-{made.single.id}": str(made.option(made.single, 1)),
        f"q-{made.scale.id}": "1",
    }
    client.post(made.url(1), data={"csrf_token": token, **thirty})
    answer = db.session.scalar(select(Answer).where(Answer.text == "Hi"))
    service.moderate_text(official, answer, True)
    db.session.commit()
    ids = [q.id for q in questions_of(made.questionnaire)]
    expected = {q: {k: v for k, v in t.items() if v} for q, t in tallies.recount(ids).items()}
    kept = {q: {k: v for k, v in t.items() if v} for q, t in tallies.read(ids).items()}
    assert kept == expected
    assert expected[made.scale.id] == {"n1": 1, "n2": 1, "answered": 2}
    assert expected[made.long.id] == {"other": 1, "answered": 1, "published": 1}
    assert made.conditional.id not in {q for q, t in expected.items() if t}
    # The breakdowns too: the resident's "Schools" moved from the 7 days group to 30 days.
    pairs = {k: v for k, v in tallies.recount_pairs(ids).items() if v}
    kept_pairs = {k: v for k, v in tallies.read_pairs(made.single.id, ids).items() if v}
    single, multiple, ranking = made.single, made.multiple, made.ranking
    o = made.option
    assert pairs == {
        (single.id, multiple.id, o(single, 0), o(multiple, 0)): 1,
        (single.id, multiple.id, o(single, 0), o(multiple, 2)): 1,
        (single.id, ranking.id, o(single, 0), o(ranking, 1)): 1,
        (single.id, multiple.id, o(single, 1), o(multiple, 1)): 1,
    }
    assert kept_pairs == {k[1:]: v for k, v in pairs.items()}


def test_a_breakdown_follows_each_new_or_changed_answer(client, made, official, factories):
    """Read from running tallies, a breakdown is right after every answer, not only after
    some recount: the tenth person shows the cell, their change of group hides it again."""
    made.questionnaire.results_live = True
    for _ in range(9):
        paper(made, official, single=0, multiple=(1,))
    db.session.commit()
    url = made.url() + f"/results?by={made.single.id}"

    def schools_by_seven_days() -> str:
        page = client.get(url).get_data(as_text=True)
        table = page[page.index("“Where should cameras be?” by") :]
        return re.findall(r"<td>(.*?)</td>", table[: table.index("</table>")])[1]

    assert schools_by_seven_days() == "fewer than 10"
    resident = factories.user()
    login(client, resident)
    token = csrf_token_from(client.get(made.url(1)).get_data(as_text=True))
    first_page = {
        f"q-{made.single.id}": str(made.option(made.single, 0)),
        f"q-{made.multiple.id}": str(made.option(made.multiple, 1)),
        "action": "continue",
    }
    client.post(made.url(1), data={"csrf_token": token, **first_page})
    assert schools_by_seven_days() == "fewer than 10"  # saved, not yet sent
    client.post(made.url(2), data={"csrf_token": token, "action": "continue"})
    assert schools_by_seven_days() == "10"
    changed = {**first_page, f"q-{made.single.id}": str(made.option(made.single, 1))}
    client.post(made.url(1), data={"csrf_token": token, **changed})
    assert schools_by_seven_days() == "fewer than 10"


def test_each_part_is_rendered_again_exactly_when_what_it_shows_changes(client, made, official):
    """The page keeps each question's and each breakdown's rendering under a key made of
    its figures and words (engage.fragments): a second view reuses them all, and a new
    answer, a published text or a corrected option shows at once."""
    from engage.fragments import cache

    made.questionnaire.results_live = True
    paper(made, official, single=0, multiple=(1,))
    db.session.commit()
    url = made.url() + f"/results?by={made.single.id}"
    client.get(url)
    hits = cache().hits
    first = client.get(url).get_data(as_text=True)
    # 8 questions and 2 breakdowns (the multiple choice and the ranking by the single).
    assert cache().hits - hits == 10
    assert "1 person answered this question." in first

    paper(made, official, single=0, multiple=(1,), text="Delete after a week.")
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "2 people answered this question." in page
    assert "Delete after a week." not in page  # held for moderation

    answer = db.session.scalar(select(Answer).where(Answer.text == "Delete after a week."))
    service.moderate_text(official, answer, True)
    option = db.session.get(type(made.multiple.options[1]), made.option(made.multiple, 1))
    service.correct_option(official, option, "Schoools")
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Delete after a week." in page
    assert page.count("Schoools") >= 3  # the chart, its table and the breakdown's heading
