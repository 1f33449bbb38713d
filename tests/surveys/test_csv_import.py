"""A CSV of paper answers: good rows recorded like the paper form, every bad row named by
its line, its question and the reason (as for assisted proposals)."""

from __future__ import annotations

import csv
import io
from html import unescape

from engage.accounts.models import User
from engage.extensions import db
from engage.surveys import queries
from engage.surveys.models import SurveyResponse
from engage.surveys.results import results
from tests.consultations.helpers import post
from tests.factories import login
from tests.surveys.helpers import survey


def _upload(client, s, text: str, filename: str = "paper.csv"):
    return post(
        client,
        f"{s.url()}/paper/import",
        {"file": (io.BytesIO(text.encode()), filename)},
        content_type="multipart/form-data",
    )


def _csv(s, rows) -> str:
    q = s
    header = [
        "channel",
        "received_on",
        f"q{q.single.id} Which retention period?",
        f"q{q.multiple.id}",
        f"q{q.ranking.id}",
        f"q{q.scale.id}",
        f"q{q.number.id}",
        f"q{q.long.id}",
        f"q{q.conditional.id}",
    ]
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue()


def test_good_rows_are_recorded_and_bad_rows_named(client, factories):
    s = survey(factories)
    official = db.session.get(User, s.questionnaire.created_by_id)
    login(client, official)
    text = _csv(
        s,
        [
            [
                "paper",
                "",
                "7 days",
                "Stations; parks",
                "Audits;Warrants;Deletion",
                "4",
                "34",
                "Fine",
                "A week is enough",
            ],
            ["phone", "", "30 days", "", "", "", "", "", ""],
            ["", "", "a year", "", "", "", "", "", ""],  # line 4: 'Other' words
            ["", "", "", "Stations;Schools;Parks", "", "", "", "", ""],  # line 5: too many
            ["", "", "", "", "Audits;Audits", "", "", "", ""],  # line 6: a duplicate
            ["", "", "", "", "", "9", "", "", ""],  # line 7: off the scale
            ["", "", "", "", "", "", "200", "", ""],  # line 8: out of range
            ["letter", "", "7 days", "", "", "", "", "", ""],  # line 9: unknown channel
            ["", "", "", "Benches", "", "", "", "", ""],  # line 10: no such option
            ["", "2026-13-40", "7 days", "", "", "", "", "", ""],  # line 11: not a date
            ["", "", "", "", "", "", "", "", ""],  # line 12: empty
        ],
    )
    response = _upload(client, s, text)
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "3 rows imported" in page and "8 rows not imported" in page
    rejected = page.split('id="rejected-rows"')[1].split("</ul>")[0]
    for line, words in [
        (5, "Where should cameras be?: "),
        (6, "Rank these safeguards: "),
        (7, "How comfortable are you?: "),
        (8, "How old are you?: "),
        (9, "channel 'letter' is not paper, phone or event."),
        (10, "Where should cameras be?: 'Benches' is not one of its options"),
        (11, "received_on '2026-13-40' is not a date"),
        (12, "the row is empty."),
    ]:
        assert f"Line {line}: {words}" in rejected, (line, rejected)
    responses = db.session.scalars(
        db.select(SurveyResponse).where(SurveyResponse.questionnaire_id == s.questionnaire.id)
    ).all()
    assert sorted(r.channel for r in responses) == ["paper", "paper", "phone"]
    figures = {r.question.id: r for r in results(queries.questions_of(s.questionnaire))}
    single = {o.label or "other": o.count for o in figures[s.single.id].options}
    assert single == {"7 days": 1, "30 days": 1, "90 days": 0, "other": 1}
    ranking = {o.label: (o.borda, o.first) for o in figures[s.ranking.id].options}
    assert ranking == {"Warrants": (2, 0), "Audits": (3, 1), "Deletion": (1, 0)}
    assert figures[s.number.id].median == 34


def test_the_file_as_a_whole_is_checked_first(client, factories):
    s = survey(factories)
    official = db.session.get(User, s.questionnaire.created_by_id)
    login(client, official)
    response = _upload(client, s, "channel,q999999\r\npaper,x\r\n")
    assert response.status_code == 422
    assert "Not understood: q999999" in unescape(response.get_data(as_text=True))
    response = _upload(client, s, "channel\r\n", filename="paper.xlsx")
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0


def test_the_template_names_every_question(client, factories):
    s = survey(factories)
    official = db.session.get(User, s.questionnaire.created_by_id)
    login(client, official)
    response = client.get(f"{s.url()}/paper/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header = next(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[:3] == ["channel", "received_on", f"q{s.single.id} Which retention period?"]
    assert len(header) == 2 + 8
    page = client.get(f"{s.url()}/paper/import").get_data(as_text=True)
    assert f"q{s.conditional.id}" in page
