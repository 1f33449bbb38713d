"""Who took part: shares against the population, and the Small Numbers Rule on the page
and in its CSV, including against subtraction from totals and shown cells."""

from __future__ import annotations

import csv
import io
import re

from engage.demographics.suppression import THRESHOLD, hidden_cells
from engage.extensions import db
from tests.demographics.helpers import answer, turn_on
from tests.factories import login

NOT_SHOWN = "not shown"


def test_one_small_cell_hides_the_next_smallest_too():
    counts = {"a": 12, "b": 15, "c": 3, "d": 40}
    assert hidden_cells(counts, [list(counts)]) == {"c", "a"}


def test_no_group_is_left_with_a_single_hidden_cell():
    counts = {"a": 12, "b": 15, "c": 3, "d": 40, "none": 20}
    answers = ["a", "b", "c", "d"]
    hidden = hidden_cells(counts, [list(counts), answers])
    for group in (list(counts), answers):
        assert len([k for k in group if k in hidden]) != 1
    assert all(counts[k] >= THRESHOLD for k in set(counts) - hidden)


def test_cells_already_hidden_in_pairs_hide_nothing_more():
    counts = {"a": 4, "b": 5, "c": 30}
    assert hidden_cells(counts, [list(counts)]) == {"a", "b"}


def _world(factories, ages: dict[str, int], unanswered: int = 0, paper: int = 0):
    """A consultation whose supporters answered the age question as ``ages`` says."""
    turn_on("age_band", "gender")
    from engage.demographics import service

    service.set_reference(None, "age_band", {"75_plus": 20.0, "25_34": 15.0})
    db.session.commit()
    official = factories.user("official")
    consultation = factories.consultation(official=official)
    author = factories.user()
    proposal = factories.proposal(consultation=consultation, author=author)
    for age, n in ages.items():
        for _ in range(n):
            supporter = factories.support(proposal)
            answer(supporter, age_band=age)
    for _ in range(unanswered):
        factories.support(proposal)
    if paper:
        from engage.assisted import service as assisted

        for n in range(paper):
            assisted.record_input(
                official,
                consultation,
                assisted.Received("comment", "", f"Letter {n}.", "paper", proposal=proposal),
            )
        db.session.commit()
    return official, consultation


def _age_table(html: str) -> dict[str, str]:
    section = html.split('id="q-age_band"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="numeric">([^<]+)</td>', section)
    return {label: value.strip() for label, value in rows}


def _total(html: str) -> int:
    match = re.search(r"<dt>People who took part</dt>\s*<dd>(\d+)</dd>", html)
    assert match, "total not shown"
    return int(match.group(1))


def test_the_subtraction_attack_finds_no_small_count(client, factories):
    # 12 + 15 + 3 answered; the author and 20 others did not answer: 51 people.
    official, consultation = _world(factories, {"25_34": 12, "35_44": 15, "75_plus": 3}, 20)
    login(client, official)
    html = client.get(f"/consultations/{consultation.slug}/who-took-part").get_data(as_text=True)
    cells = _age_table(html)
    total = _total(html)
    assert total == 51
    hidden = [label for label, value in cells.items() if value == NOT_SHOWN]
    shown = {label: int(value) for label, value in cells.items() if value != NOT_SHOWN}
    assert "75 or over" in hidden
    # The attack: total minus every shown cell leaves the hidden cells' sum, never one count.
    assert len(hidden) >= 2
    assert total - sum(shown.values()) == sum(
        {"25 to 34": 12, "35 to 44": 15, "75 or over": 3}.get(label, 0) for label in hidden
    ) + (21 if "No answer (or input on paper, by phone, at events)" in hidden else 0)
    assert all(n >= THRESHOLD for n in shown.values())
    # No percentage gives a hidden count away either: only shown answers have shares.
    row = html.split("75 or over</th>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="numeric">([^<]*)</td>', row) == [NOT_SHOWN, "", "20%"]
    # 75+ is at most 3 of 30 answers (10%), against 20% of the population: flagged.
    assert "Under-represented" in html


def test_the_csv_hides_the_same_cells(client, factories):
    official, consultation = _world(factories, {"25_34": 12, "35_44": 15, "75_plus": 3}, 20)
    login(client, official)
    response = client.get(f"/consultations/{consultation.slug}/who-took-part.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    age = {row["answer"]: row["people"] for row in rows if row["question"] == "age_band"}
    assert age["75_plus"] == NOT_SHOWN
    hidden = [k for k, v in age.items() if v == NOT_SHOWN]
    assert len(hidden) >= 2
    for row in rows:
        if row["people"] != NOT_SHOWN:
            assert int(row["people"]) >= THRESHOLD, row


def test_fewer_than_ten_people_show_nothing(client, factories):
    official, consultation = _world(factories, {"25_34": 5})
    login(client, official)
    html = client.get(f"/consultations/{consultation.slug}/who-took-part").get_data(as_text=True)
    assert "Fewer than 10 people took part, so nothing more can be shown." in html
    assert ">5<" not in html and ">6<" not in html
    rows = client.get(f"/consultations/{consultation.slug}/who-took-part.csv").get_data(
        as_text=True
    )
    assert ",5," not in rows and ",6," not in rows


def test_paper_input_counts_and_the_page_links_to_recording_it(client, factories):
    official, consultation = _world(factories, {"25_34": 10}, paper=12)
    login(client, official)
    html = client.get(f"/consultations/{consultation.slug}/who-took-part").get_data(as_text=True)
    assert _total(html) == 10 + 1 + 12  # supporters, the author, letters
    assert f'href="/consultations/{consultation.slug}/record"' in html
    assert _age_table(html)["No answer (or input on paper, by phone, at events)"] == "13"


def test_residents_may_not_see_it(client, factories):
    _official, consultation = _world(factories, {"25_34": 1})
    login(client, factories.user())
    assert client.get(f"/consultations/{consultation.slug}/who-took-part").status_code == 403
    assert client.get(f"/consultations/{consultation.slug}/who-took-part.csv").status_code == 403


def test_the_outcome_report_freezes_the_table_with_the_same_cells_hidden(client, factories):
    from engage.outcomes import service as outcomes

    turn_on("age_band")
    official = factories.user("official")
    consultation = factories.consultation("closed", official=official)
    proposal = factories.proposal(consultation=consultation)
    for age, n in {"25_34": 12, "35_44": 15, "75_plus": 3}.items():
        for _ in range(n):
            answer(factories.support(proposal), age_band=age)
    outcomes.save_outcome(official, consultation, "Heard", "Decided")
    outcome = outcomes.publish_outcome(official, consultation)
    db.session.commit()

    frozen = outcome.statistics["representation"]["rows"][0]
    cells = {cell["value"]: cell for cell in frozen["cells"]}
    assert cells["75_plus"]["count"] is None and cells["75_plus"]["share"] is None
    hidden = [value for value, cell in cells.items() if cell["count"] is None]
    assert len(hidden) >= 2
    assert all(c["count"] is None or c["count"] >= THRESHOLD for c in cells.values())

    html = client.get(f"/consultations/{consultation.slug}/outcome").get_data(as_text=True)
    assert "Who took part, and who is missing" in html
    row = html.split("75 or over</th>")[1].split("</tr>")[0]
    assert NOT_SHOWN in row and ">3<" not in row
