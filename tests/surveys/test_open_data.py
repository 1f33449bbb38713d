"""Surveys in open data: the CSV and JSON downloads of the answers give the results
page's figures; nothing before the results are public; texts only once published."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from html import unescape
from statistics import median

from engage.accounts.models import User
from engage.extensions import db
from engage.surveys import queries, service
from engage.surveys.answers import check
from tests.surveys.helpers import survey

ROWS = [
    # retention, places, ranking order, comfort, age, neighbourhood
    (0, [0, 1], [0, 1, 2], 2, 30, "Old Town"),
    (0, [1], [1, 0, 2], 4, 41, ""),
    (1, [2, 3], [2, 1, 0], 5, 67, "Harbour"),
    (2, [], [0, 2, 1], 1, 19, ""),
    (1, [0], [0, 1, 2], 4, 52, ""),
]


def _answered(factories, results_live=True):
    s = survey(factories, published=False)
    official = db.session.get(User, s.questionnaire.created_by_id)
    service.publish_questionnaire(official, s.questionnaire, results_live=results_live)
    questions = [s.single, s.multiple, s.ranking, s.scale, s.number, s.short, s.long, s.conditional]
    for n, (retention, places, order, comfort, age, where) in enumerate(ROWS):
        form = {
            f"q-{s.single.id}": str(s.option(s.single, retention)),
            f"q-{s.multiple.id}": [str(s.option(s.multiple, p)) for p in places],
            f"q-{s.scale.id}": str(comfort),
            f"q-{s.number.id}": str(age),
            f"q-{s.short.id}": where,
        }
        for position, option in enumerate(order, start=1):
            form[f"q-{s.ranking.id}-rank-{s.option(s.ranking, option)}"] = str(position)
        checked = check(questions, form, required=False)
        if n % 2:
            service.record_paper(official, s.questionnaire, "paper", None, questions, checked)
        else:
            person = factories.user()
            service.save_page(person, s.questionnaire, 2, questions, checked)
            service.submit(person, s.questionnaire)
    db.session.commit()
    return official, s


def _downloads(client, slug):
    base = f"/consultations/{slug}/open-data/survey_answers"
    as_json = json.loads(client.get(base + ".json").get_data(as_text=True))["rows"]
    as_csv = list(csv.DictReader(io.StringIO(client.get(base + ".csv").get_data(as_text=True))))
    return as_json, as_csv


def _figures(rows, s):
    """What the results page shows, computed from the download's rows."""

    def of(question):
        return [r for r in rows if str(r["question_id"]) == str(question.id)]

    def respondents(question):
        return len({r["respondent_id"] for r in of(question)})

    single = Counter(str(r["option_id"]) for r in of(s.single))
    multiple = Counter(str(r["option_id"]) for r in of(s.multiple))
    borda, first = defaultdict(int), Counter()
    for r in of(s.ranking):
        borda[str(r["option_id"])] += len(s.ranking.options) - int(r["rank"]) + 1
        if int(r["rank"]) == 1:
            first[str(r["option_id"])] += 1
    return {
        "answered": {q.id: respondents(q) for q in (s.single, s.multiple, s.scale, s.number)},
        "single": {o.label: single[str(o.id)] for o in s.single.options},
        "multiple": {o.label: multiple[str(o.id)] for o in s.multiple.options},
        "borda": {o.label: borda[str(o.id)] for o in s.ranking.options},
        "first": {o.label: first[str(o.id)] for o in s.ranking.options},
        "scale median": median(int(r["number"]) for r in of(s.scale)),
        "age median": median(int(r["number"]) for r in of(s.number)),
        "people": len({r["respondent_id"] for r in rows}),
    }


def _table(page: str, heading_id: str) -> dict[str, str]:
    """The data table after a chart: label -> figure."""
    part = page.split(f'id="{heading_id}"')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', part))


def test_csv_and_json_downloads_give_the_results_pages_figures(client, factories):
    _official, s = _answered(factories)
    as_json, as_csv = _downloads(client, s.slug)
    assert len(as_json) == len(as_csv) > 0
    page = unescape(client.get(s.url() + "/results").get_data(as_text=True))
    for rows in (as_json, as_csv):
        figures = _figures(rows, s)
        assert f"{figures['people']} people answered." in page
        for question_id, answered in figures["answered"].items():
            section = page.split(f'id="question-{question_id}"')[1].split("</section>")[0]
            assert f"{answered} people answered this question." in section
        shown = _table(page, f"chart-{s.single.id}-heading")
        for label, count in figures["single"].items():
            percent = round(100 * count / figures["answered"][s.single.id], 1)
            assert shown[f"{label} ({percent:g}%)"] == str(count)
        shown = _table(page, f"chart-{s.multiple.id}-heading")
        for label, count in figures["multiple"].items():
            assert any(k.startswith(f"{label} (") and v == str(count) for k, v in shown.items())
        assert _table(page, f"chart-{s.ranking.id}-heading") == {
            label: str(score) for label, score in figures["borda"].items()
        }
        ranked_first = page.split("Ranked first by")[1].split("</table>")[0]
        for label, count in figures["first"].items():
            assert f'<th scope="row">{label}</th><td>{count}</td>' in ranked_first
        assert f"Median: {figures['scale median']:g}" in page
        assert f"Median: {figures['age median']:g}" in page
    assert figures["single"] == {"7 days": 2, "30 days": 2, "90 days": 1}


def test_answers_wait_for_public_results_and_texts_for_moderation(client, factories):
    official, s = _answered(factories, results_live=False)
    as_json, as_csv = _downloads(client, s.slug)
    assert as_json == [] and as_csv == []  # open, results at the close
    service.publish_questionnaire(official, s.questionnaire, results_live=True)
    db.session.commit()
    as_json, _ = _downloads(client, s.slug)
    texts = [r for r in as_json if r["question_id"] == s.short.id]
    assert len(texts) == 2 and {r["text"] for r in texts} == {None}
    held = queries.held_texts(s.questionnaire)
    service.moderate_text(official, next(a for a in held if a.text == "Harbour"), True)
    db.session.commit()
    as_json, as_csv = _downloads(client, s.slug)
    assert sorted(str(r["text"]) for r in as_json if r["question_id"] == s.short.id) == [
        "Harbour",
        "None",
    ]
    assert sorted(r["text"] for r in as_csv if r["question_id"] == str(s.short.id)) == [
        "",
        "Harbour",
    ]
    # One pseudonym per response, not a person id.
    assert all(re.fullmatch(r"r-[0-9a-f]{16}", r["respondent_id"]) for r in as_json)
    assert len({r["respondent_id"] for r in as_json}) == len(ROWS)


def test_questions_and_options_are_published_with_the_questionnaire(client, factories):
    s = survey(factories, published=False)
    base = f"/consultations/{s.slug}/open-data/"
    assert json.loads(client.get(base + "survey_questions.json").get_data())["rows"] == []
    official = db.session.get(User, s.questionnaire.created_by_id)
    service.publish_questionnaire(official, s.questionnaire)
    db.session.commit()
    questions = json.loads(client.get(base + "survey_questions.json").get_data())["rows"]
    assert [q["prompt"] for q in questions][:2] == [
        "Which retention period?",
        "Where should cameras be?",
    ]
    conditional = next(q for q in questions if q["id"] == s.conditional.id)
    assert conditional["condition_question_id"] == s.single.id
    assert conditional["condition_option_id"] == s.option(s.single, 0)
    assert conditional["page"] == 2 and conditional["page_title"] == "About you"
    options = json.loads(client.get(base + "survey_options.json").get_data())["rows"]
    assert [o["label"] for o in options if o["question_id"] == s.single.id] == [
        "7 days",
        "30 days",
        "90 days",
    ]
