"""Downloads parse, match their JSON Schema, leak nothing private, and agree with the pages."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema_rs
import pytest

from engage.opendata import formats, registry
from engage.opendata.pseudonyms import person_id
from engage.opendata.schema import DOC_PATH, GENERATED_MARK, SCHEMA_DIR, dataset_tables, schema_text
from tests.opendata.world import SECRETS, make_world

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def dataset_names():
    """Asked once the app exists: the public record's datasets are registered at app start."""
    return [d.name for d in registry.all_datasets()]


@pytest.fixture
def world(factories):
    return make_world(factories)


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def json_rows(client, name, slug=None):
    url = f"/consultations/{slug}/open-data/{name}.json" if slug else f"/open-data/{name}.json"
    return json.loads(download(client, url).get_data(as_text=True))


def csv_rows(client, name, slug=None):
    url = f"/consultations/{slug}/open-data/{name}.csv" if slug else f"/open-data/{name}.csv"
    return list(csv.DictReader(io.StringIO(download(client, url).get_data(as_text=True))))


def validator(name):
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def test_schema_files_and_documentation_are_current():
    """The committed JSON Schemas and SCHEMA.md's tables are exactly what the code
    describes (after changing a dataset, run: python -m engage.opendata.schema)."""
    doc = DOC_PATH.read_text(encoding="utf-8")
    assert GENERATED_MARK + doc.split(GENERATED_MARK)[1] == dataset_tables()
    for dataset in registry.all_datasets():
        path = SCHEMA_DIR / f"{dataset.name}.schema.json"
        assert path.exists(), f"missing {path.name}"
        assert path.read_text(encoding="utf-8") == schema_text(dataset), path.name


def test_every_feature_has_its_datasets(app):
    assert dataset_names() == [
        "topics",
        "consultations",
        "proposals",
        "comments",
        "supports",
        "comment_votes",
        "draft_versions",
        "clause_versions",
        "amendments",
        "responses",
        "outcomes",
        "commitments",
        "commitment_updates",
        "moderation_log",
        "opinion_statements",
        "opinion_votes",
        "survey_questions",
        "survey_options",
        "survey_answers",
        "ledger_leaves",
        "ledger_heads",
    ]


def test_downloads_parse_match_their_schemas_and_leak_nothing(client, world):
    """One world, every dataset in both formats (a world per dataset would be slow)."""
    for name in dataset_names():
        dataset = registry.get(name)
        response = download(client, f"/open-data/{name}.json")
        document = json.loads(response.get_data(as_text=True))
        validator(name).validate(document)
        assert document["dataset"] == name
        assert document["rows"], f"{name} is empty in a world that has some"
        csv_response = download(client, f"/open-data/{name}.csv")
        assert csv_response.mimetype == "text/csv"
        assert "attachment" in csv_response.headers["Content-Disposition"]
        text = csv_response.get_data(as_text=True)
        assert next(csv.reader(io.StringIO(text))) == dataset.field_names
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r[dataset.key] for r in rows] == [str(r[dataset.key]) for r in document["rows"]]
        for url, body in (
            (response.request.path, response.get_data(as_text=True)),
            (csv_response.request.path, text),
        ):
            assert not EMAIL.search(body), f"{url} has an email address"
            for what, secret in SECRETS.items():
                assert secret not in body, f"{url} shows the {what}"


def test_pending_content_is_left_out_and_hidden_or_deleted_content_is_a_placeholder(client, world):
    proposals = {r["id"]: r for r in json_rows(client, "proposals")["rows"]}
    assert world.proposals["pending"].id not in proposals
    assert world.proposals["draft"].id not in proposals
    hidden = proposals[world.proposals["hidden"].id]
    assert hidden["visibility"] == "hidden"
    assert hidden["title"] is hidden["body"] is hidden["author_id"] is hidden["author_name"] is None
    comments = {r["id"]: r for r in json_rows(client, "comments")["rows"]}
    m = world.comments
    for kept in ("top", "reply", "on proposal", "elsewhere"):
        assert comments[m[kept].id]["body"] == m[kept].body
    for gone in ("pending", "under hidden", "draft"):
        assert m[gone].id not in comments, gone
    for placeholder, status in (("deleted", "deleted"), ("hidden", "hidden")):
        row = comments[m[placeholder].id]
        assert row["status"] == status
        assert row["body"] is row["author_id"] is row["author_name"] is row["stance"] is None
    amendments = {r["id"]: r for r in json_rows(client, "amendments")["rows"]}
    assert world.amendments["pending"].id not in amendments
    assert amendments[world.amendments["hidden"].id]["text"] is None
    assert amendments[world.amendments["visible"].id]["text"] == world.amendments["visible"].text


def test_outcomes_only_once_published_and_the_log_without_names(client, world):
    outcomes = json_rows(client, "outcomes")["rows"]
    assert [o["consultation_id"] for o in outcomes] == [world.other.id]
    commitments = json_rows(client, "commitments")["rows"]
    assert [c["title"] for c in commitments] == ["Publish error rates yearly"]
    assert commitments[0]["sources"] == f"proposal:{world.proposals['elsewhere'].id}"
    responses = json_rows(client, "responses", world.consultation.slug)["rows"]
    assert [r["status"] for r in responses] == ["under_consideration", "accepted"]
    assert responses[0]["official_name"] == "Olu Official"
    log = json_rows(client, "moderation_log")["rows"]
    assert [(r["action"], r["item_type"], r["appeal"]) for r in log] == [
        ("hide", "comment", "open"),
        ("hide", "proposal", None),
    ]
    moderator = person_id(world.people[1].id)
    assert moderator not in json.dumps(log)
    assert str(world.comments["hidden"].id) not in {str(r["reference"]) for r in log}


def test_counts_agree_with_the_pages(client, world):
    c = world.consultation
    row = json_rows(client, "consultations", c.slug)["rows"][0]
    proposals = json_rows(client, "proposals", c.slug)["rows"]
    comments = json_rows(client, "comments", c.slug)["rows"]
    on_consultation = [r for r in comments if r["target_type"] == "consultation"]
    # The consultations list shows "N proposals · M comments" on each card.
    page = client.get("/consultations/?status=open").get_data(as_text=True)
    assert f"{row['proposal_count']} proposals · {row['comment_count']} comments" in page
    assert row["proposal_count"] == len(proposals) == 4  # popular, withdrawn, formula, hidden
    assert row["comment_count"] == len(on_consultation) == 4  # top, reply, deleted, hidden
    supports = {r["proposal_id"]: r["supports"] for r in json_rows(client, "supports")["rows"]}
    for proposal in proposals:
        assert supports.get(proposal["id"], 0) == proposal["support_count"]
    assert supports[world.proposals["popular"].id] == 3
    # The proposal page shows the same number of supports.
    popular = client.get(f"/proposals/{world.proposals['popular'].id}").get_data(as_text=True)
    assert '<p class="support-count"><strong>3 supports</strong></p>' in popular
    votes = {r["comment_id"]: r for r in json_rows(client, "comment_votes")["rows"]}
    for comment in comments:
        counted = votes.get(comment["id"], {"upvotes": 0, "downvotes": 0})
        assert (counted["upvotes"], counted["downvotes"]) == (
            comment["upvotes"],
            comment["downvotes"],
        )
    assert votes[world.comments["top"].id]["upvotes"] == 2


def test_people_are_stable_pseudonyms(client, world, app):
    a = world.people[0]
    proposals = {r["id"]: r for r in json_rows(client, "proposals")["rows"]}
    comments = {r["id"]: r for r in json_rows(client, "comments")["rows"]}
    pid = proposals[world.proposals["popular"].id]["author_id"]
    assert pid == comments[world.comments["top"].id]["author_id"] == person_id(a.id)
    assert re.fullmatch(r"p-[0-9a-f]{16}", pid)
    assert pid != person_id(world.people[1].id)
    assert str(a.id) not in pid.removeprefix("p-")[:2]  # not a plain id
    # The public name appears only as the byline the site shows anyway.
    assert proposals[world.proposals["popular"].id]["author_name"] == a.display_name
    consultation = json_rows(client, "consultations", world.consultation.slug)["rows"][0]
    assert consultation["official_name"] == "Olu Official"


def test_per_consultation_downloads_hold_only_that_consultation(client, world):
    for name in dataset_names():
        dataset = registry.get(name)
        if not dataset.per_consultation:
            assert (
                client.get(
                    f"/consultations/{world.consultation.slug}/open-data/{name}.csv"
                ).status_code
                == 404
            )
            continue
        rows = json_rows(client, name, world.consultation.slug)["rows"]
        key = "id" if name == "consultations" else "consultation_id"
        assert {r[key] for r in rows} <= {world.consultation.id}, name
    closed = json_rows(client, "proposals", world.other.slug)["rows"]
    assert [r["id"] for r in closed] == [world.proposals["elsewhere"].id]
    assert client.get(f"/consultations/{world.draft.slug}/open-data").status_code == 404
    draft_csv = client.get(f"/consultations/{world.draft.slug}/open-data/proposals.csv")
    assert draft_csv.status_code == 404


def test_csv_cells_never_start_a_formula(client, world):
    rows = {r["id"]: r for r in csv_rows(client, "proposals")}
    formula = rows[str(world.proposals["formula"].id)]
    assert formula["title"] == "'=HYPERLINK(1)"
    assert formula["body"] == "'-1 +1"
    exact = {r["id"]: r for r in json_rows(client, "proposals")["rows"]}
    assert exact[world.proposals["formula"].id]["title"] == "=HYPERLINK(1)"


def test_large_downloads_stream_in_batches(client, factories, monkeypatch):
    monkeypatch.setattr(formats, "BATCH", 3)
    consultation = factories.consultation()
    made = [factories.proposal(consultation).id for _ in range(8)]
    response = client.get("/open-data/proposals.csv")
    assert response.is_streamed
    ids = [int(r["id"]) for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]
    assert ids == made
    document = json.loads(client.get("/open-data/proposals.json").get_data(as_text=True))
    assert [r["id"] for r in document["rows"]] == made


def test_unknown_dataset_or_format_is_not_found(client):
    assert client.get("/open-data/users.csv").status_code == 404
    assert client.get("/open-data/proposals.xml").status_code == 404
    assert client.get("/open-data/schemas/users.schema.json").status_code == 404


def test_schema_is_served(client):
    response = client.get("/open-data/schemas/proposals.schema.json")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == (SCHEMA_DIR / "proposals.schema.json").read_text()
