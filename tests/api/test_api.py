"""The read-only API: pages, filters, errors as JSON, CORS, rate limits and query budgets."""

from __future__ import annotations

import json
import re

import pytest

from engage.opendata import registry
from tests.factories import login
from tests.opendata.world import SECRETS, make_world
from tests.queries import count_queries

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    return response.get_json()


def walk(client, url):
    """Every row, following next links; returns the rows and the number of pages."""
    rows, pages = [], 0
    while url:
        body = get_json(client, url)
        rows += body["data"]
        url = body["next"]
        pages += 1
    return rows, pages


def test_index_lists_every_dataset(client):
    body = get_json(client, "/api/v1/")
    assert [d["name"] for d in body["datasets"]] == [d.name for d in registry.all_datasets()]
    assert body["openapi"].endswith("/api/v1/openapi.json")


def test_keyset_pages_follow_next_links_without_gaps_or_repeats(client, factories):
    consultation = factories.consultation()
    made = [factories.proposal(consultation).id for _ in range(7)]
    response = client.get("/api/v1/proposals?limit=3")
    assert response.headers["Link"] == f'<{response.get_json()["next"]}>; rel="next"'
    rows, pages = walk(client, "/api/v1/proposals?limit=3")
    assert [r["id"] for r in rows] == made
    assert pages == 3
    last = get_json(client, f"/api/v1/proposals?limit=3&cursor={made[5]}")
    assert [r["id"] for r in last["data"]] == [made[6]] and last["next"] is None


def test_consultation_filter(client, factories):
    one, two = factories.consultation(), factories.consultation("closed")
    mine = [factories.proposal(one).id for _ in range(3)]
    factories.proposal(two)
    rows, _ = walk(client, f"/api/v1/proposals?consultation={one.id}&limit=2")
    assert [r["id"] for r in rows] == mine
    draft = factories.consultation("draft")
    error = get_json(client, f"/api/v1/proposals?consultation={draft.id}", 404)
    assert error["error"]["status"] == 404


def test_single_rows(client, factories):
    proposal = factories.proposal()
    assert get_json(client, f"/api/v1/proposals/{proposal.id}")["data"]["id"] == proposal.id
    get_json(client, f"/api/v1/proposals/{proposal.id + 1}", 404)
    get_json(client, "/api/v1/supports/1", 404)  # counts have no single rows
    get_json(client, "/api/v1/no-such-dataset", 404)
    get_json(client, "/api/v1/no/such/path", 404)


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=ten",
        "cursor=abc",
        "cursor=-1",
        "consultation=0",
        "consultation=x",
        "limit=5&limit=6",
    ],
)
def test_bad_parameters_are_400_json(client, query):
    body = get_json(client, f"/api/v1/proposals?{query}", 400)
    assert body["error"]["status"] == 400 and body["error"]["detail"]


def test_read_only_with_cors_for_reading(client):
    response = client.get("/api/v1/consultations")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/api/v1/consultations",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert client.head("/api/v1/consultations").headers["Access-Control-Allow-Origin"] == "*"
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/consultations")
        assert response.status_code == 405, method
        assert response.get_json()["error"]["status"] == 405
        assert "Access-Control-Allow-Origin" not in response.headers
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_rate_limited_with_a_json_429(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "3 per minute")
    for _ in range(3):
        assert client.get("/api/v1/topics").status_code == 200
    response = client.get("/api/v1/topics")
    assert response.status_code == 429
    assert response.get_json()["error"]["status"] == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_nothing_private_through_the_api(client, factories):
    world = make_world(factories)
    login(client, world.people[0])  # signed in changes nothing: the API is the public record
    for dataset in registry.all_datasets():
        rows, _ = walk(client, f"/api/v1/{dataset.name}?limit=100")
        text = json.dumps(rows)
        assert not EMAIL.search(text), dataset.name
        for what, secret in SECRETS.items():
            assert secret not in text, f"{dataset.name} shows the {what}"
    get_json(client, f"/api/v1/proposals/{world.proposals['pending'].id}", 404)
    get_json(client, f"/api/v1/comments/{world.comments['pending'].id}", 404)
    hidden = get_json(client, f"/api/v1/proposals/{world.proposals['hidden'].id}")["data"]
    assert hidden["title"] is None and hidden["visibility"] == "hidden"


def test_api_rows_are_the_download_rows(client, factories):
    world = make_world(factories)
    for dataset in registry.all_datasets():
        rows, _ = walk(client, f"/api/v1/{dataset.name}?limit=2")
        document = json.loads(client.get(f"/open-data/{dataset.name}.json").get_data(as_text=True))
        assert rows == document["rows"], dataset.name
    consultation = get_json(client, f"/api/v1/consultations/{world.consultation.id}")["data"]
    assert consultation["proposal_count"] == world.consultation.proposal_count


# Query budgets: a page costs the same whatever the data, and whatever the page size.
BUDGETS = {
    "topics": 1,
    "consultations": 1,
    "proposals": 1,
    "comments": 1,
    "supports": 1,
    "comment_votes": 1,
    "draft_versions": 1,
    "clause_versions": 1,
    "amendments": 1,
    "responses": 1,
    "outcomes": 1,
    "commitments": 3,  # the rows, then their sources and milestones (one query each)
    "commitment_updates": 1,
    "moderation_log": 1,  # 2 until issue 23: the second was the moderators' roles, unused
}


def _many(factories, n):
    consultation = factories.consultation()
    people = [factories.user() for _ in range(3)]
    for i in range(n):
        proposal = factories.proposal(consultation, author=people[i % 3])
        factories.support(proposal, people[(i + 1) % 3])
        comment = factories.comment(proposal, author=people[i % 3])
        from engage.comments import service

        service.vote(people[(i + 2) % 3], comment, 1)
    from engage.extensions import db

    db.session.commit()
    return consultation


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_query_count_per_page_is_pinned(client, factories, name):
    make_world(factories)
    consultation = _many(factories, 12)
    counts = []
    for url in (f"/api/v1/{name}?limit=2", f"/api/v1/{name}?limit=10"):
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == 200 and response.get_json()["data"]
        counts.append(len(queries))
    assert counts == [BUDGETS[name]] * 2, counts
    if registry.get(name).per_consultation:
        first = response.get_json()["data"][0]
        where = first["id"] if name == "consultations" else first["consultation_id"]
        with count_queries() as queries:
            client.get(f"/api/v1/{name}?limit=10&consultation={where or consultation.id}")
        assert len(queries) == BUDGETS[name] + 1  # the consultation must exist and be public
