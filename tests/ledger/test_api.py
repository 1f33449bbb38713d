"""/api/v1/ledger/…: signed heads with the key, and proofs that check out; bad input is
a 400 that says why."""

from __future__ import annotations

import pytest

from engage.extensions import db
from engage.ledger import merkle, service, signing
from tests.ledger.helpers import log_comment


@pytest.fixture
def log():
    leaves = [log_comment(n) for n in range(7)]
    first = service.sign_head()
    leaves += [log_comment(n) for n in range(7, 12)]
    second = service.sign_head()
    db.session.commit()
    return leaves, first, second


def test_heads_are_published_with_the_key_that_signs_them(client, log):
    _, first, second = log
    body = client.get("/api/v1/ledger/heads").get_json()
    assert [h["tree_size"] for h in body["data"]] == [7, 12]
    assert body["latest"]["tree_size"] == 12 and body["next"] is None
    key = bytes.fromhex(body["public_key"]["ed25519"])
    assert key == signing.public_key_bytes()
    assert body["public_key"]["pem"].startswith("-----BEGIN PUBLIC KEY-----")
    for head in body["data"]:
        merkle.verify_head_signature(
            key,
            head["tree_size"],
            head["timestamp"],
            bytes.fromhex(head["root_hash"]),
            bytes.fromhex(head["signature"]),
        )
    page = client.get("/api/v1/ledger/heads?limit=1").get_json()
    assert [h["tree_size"] for h in page["data"]] == [7]
    rest = client.get(page["next"]).get_json()
    assert [h["tree_size"] for h in rest["data"]] == [12]


def test_an_inclusion_proof_leads_to_the_signed_root(client, log):
    leaves, first, _ = log
    body = client.get("/api/v1/ledger/proof/inclusion?leaf=3&size=7").get_json()
    assert body["leaf_hash"] == leaves[3].leaf_hash.hex()
    proof = [bytes.fromhex(p) for p in body["proof"]]
    merkle.verify_inclusion(3, 7, leaves[3].leaf_hash, proof, first.root_hash)


def test_a_consistency_proof_shows_the_later_head_extends_the_earlier(client, log):
    _, first, second = log
    body = client.get("/api/v1/ledger/proof/consistency?from=7&to=12").get_json()
    assert (body["from"], body["to"]) == (7, 12)
    proof = [bytes.fromhex(p) for p in body["proof"]]
    merkle.verify_consistency(7, 12, first.root_hash, second.root_hash, proof)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("proof/inclusion", "Give leaf"),
        ("proof/inclusion?leaf=1", "Give size"),
        ("proof/inclusion?leaf=x&size=3", "leaf must be a whole number"),
        ("proof/inclusion?leaf=-1&size=3", "leaf must be a whole number"),
        ("proof/inclusion?leaf=0&leaf=1&size=3", "Give leaf once"),
        ("proof/inclusion?leaf=99999999999&size=3", "leaf must be a whole number"),
        ("proof/consistency?from=5", "Give to"),
        ("heads?limit=0", "limit must be"),
        ("heads?cursor=%00", "cursor must be"),
    ],
)
def test_bad_input_is_a_400_that_says_why(client, log, query, reason):
    response = client.get(f"/api/v1/ledger/{query}")
    assert response.status_code == 400
    assert reason in response.get_json()["error"]["detail"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("proof/inclusion?leaf=3&size=3", "No such proof: leaf 3 is not in a tree of 3 entries."),
        ("proof/inclusion?leaf=0&size=13", "No such proof: the log has 12 entries, not 13."),
        ("proof/consistency?from=6&to=5", "a tree of 5 entries cannot extend one of 6"),
        ("proof/consistency?from=1&to=2147483647", "the log has 12 entries, not 2147483647"),
    ],
)
def test_a_proof_outside_the_log_is_a_404_that_says_why(client, log, query, reason):
    response = client.get(f"/api/v1/ledger/{query}")
    assert response.status_code == 404
    assert reason in response.get_json()["error"]["detail"]


def test_an_empty_log_answers_too(client):
    body = client.get("/api/v1/ledger/heads").get_json()
    assert body["data"] == [] and body["latest"] is None and body["public_key"]
    assert client.get("/api/v1/ledger/proof/consistency?from=0&to=0").get_json()["proof"] == []
    assert client.get("/api/v1/ledger/proof/inclusion?leaf=0&size=0").status_code == 404


def test_the_openapi_document_describes_the_ledger(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("heads", "proof/inclusion", "proof/consistency"):
        assert f"/api/v1/ledger/{path}" in paths
