"""The opinion map's open data: statements as the public sees them, and the vote matrix
with a voter id per consultation that links to nothing else (issue 16)."""

from __future__ import annotations

import csv
import io
import json

from engage.opendata.pseudonyms import person_id
from engage.opinion_map.participants import participant_key
from tests.opendata.world import make_world


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return json.loads(response.get_data(as_text=True))


def test_statements_show_what_the_public_sees(client, factories):
    world = make_world(factories)
    slug = world.consultation.slug
    rows = _json(client, f"/consultations/{slug}/open-data/opinion_statements.json")["rows"]
    by_id = {row["id"]: row for row in rows}
    s = world.statements
    assert set(by_id) == {s["visible"].id, s["second"].id, s["hidden"].id}  # held: absent
    assert by_id[s["hidden"].id]["text"] is None
    assert by_id[s["hidden"].id]["visibility"] == "hidden"
    visible = by_id[s["visible"].id]
    assert visible["text"] == "Cameras in parks need a warrant"
    assert (visible["agree_count"], visible["disagree_count"], visible["pass_count"]) == (2, 1, 0)
    # A statement that starts like a formula is defused in the CSV, exact in the JSON.
    csv_text = client.get(f"/consultations/{slug}/open-data/opinion_statements.csv").get_data(
        as_text=True
    )
    texts = {row["id"]: row["text"] for row in csv.DictReader(io.StringIO(csv_text))}
    assert texts[str(s["second"].id)] == "'-1 camera per street is enough"
    assert by_id[s["second"].id]["text"] == "-1 camera per street is enough"


def test_vote_matrix_has_visible_statements_and_voter_ids_of_its_own(client, factories):
    world = make_world(factories)
    slug = world.consultation.slug
    rows = _json(client, f"/consultations/{slug}/open-data/opinion_votes.json")["rows"]
    s = world.statements
    assert {row["statement_id"] for row in rows} == {s["visible"].id, s["second"].id}
    assert len(rows) == 6  # three people x two visible statements
    voters = world.people[:3]
    keys = {participant_key(world.consultation.id, person.id) for person in voters}
    assert {row["participant_id"] for row in rows} == keys
    assert not keys & {person_id(person.id) for person in voters}
    values = {(row["participant_id"], row["statement_id"]): row["value"] for row in rows}
    first = participant_key(world.consultation.id, voters[0].id)
    assert values[(first, s["visible"].id)] == 1 and values[(first, s["second"].id)] == 0
    assert set(rows[0]) == {"id", "consultation_id", "statement_id", "participant_id", "value"}
