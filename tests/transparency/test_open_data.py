"""The public record as open data: every leaf and every signed head, site-wide, in the
versioned schema, and through the API with its cursor."""

from __future__ import annotations

import json

from engage.extensions import db
from engage.ledger import service
from engage.ledger.models import LedgerLeaf
from tests.opendata.test_downloads import csv_rows, json_rows, validator


def test_leaves_and_heads_are_datasets_matching_their_schemas(client, factories):
    first = factories.comment(body="Secret words of a comment.")
    factories.comment()
    head = service.sign_head()
    db.session.commit()
    leaves = db.session.scalars(db.select(LedgerLeaf).order_by(LedgerLeaf.index)).all()

    document = json_rows(client, "ledger_leaves")
    validator("ledger_leaves").validate(document)
    rows = document["rows"]
    assert [r["leaf_index"] for r in rows] == [leaf.index for leaf in leaves]
    assert rows[0]["number"] == 1
    assert rows[0]["leaf_hash"] == bytes(leaves[0].leaf_hash).hex()
    assert {r["kind"] for r in rows} == {"comment"}
    assert str(first.id) in {r["public_id"] for r in rows}
    # Hashes, kinds, times and ids only: never the text or the author.
    assert "Secret words" not in json.dumps(document)
    assert [r["number"] for r in csv_rows(client, "ledger_leaves")] == [
        str(r["number"]) for r in rows
    ]

    heads = json_rows(client, "ledger_heads")
    validator("ledger_heads").validate(heads)
    assert heads["rows"] == [
        {
            "id": head.id,
            "tree_size": head.tree_size,
            "root_hash": head.root_hash.hex(),
            "timestamp": head.timestamp,
            "signed_at": service.head_json(head)["signed_at"].replace(".000", "")[:19] + "Z",
            "signature": head.signature.hex(),
            "key_id": head.key_id,
        }
    ]


def test_the_api_pages_through_leaves_without_losing_leaf_zero(client, factories):
    for _ in range(3):
        factories.comment()
    first = client.get("/api/v1/ledger_leaves?limit=2").get_json()
    assert [r["leaf_index"] for r in first["data"]] == [0, 1]
    second = client.get(first["next"]).get_json()
    assert [r["leaf_index"] for r in second["data"]] == [2]
    one = client.get("/api/v1/ledger_leaves/1").get_json()
    assert one["data"]["leaf_index"] == 0
