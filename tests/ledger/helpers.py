"""Log entries and receipts for the ledger's tests (receipts in the shape of
engage/ledger/receipts.py: the issue 19 contract between the two halves)."""

from __future__ import annotations

import hashlib

from engage.ledger import merkle, service, signing
from engage.ledger.models import LedgerHead, LedgerLeaf


def log_comment(n: int, text: str | None = None) -> LedgerLeaf:
    content = {"text": text or f"Comment number {n}"}
    digest = hashlib.sha256(merkle.canonical_json(content)).hexdigest()
    return service.append(
        "comment",
        str(n),
        {"author": "p-0123456789abcdef", "content_sha256": digest, "time": "2026-12-03T09:00:00Z"},
    )


def content_of(n: int, text: str | None = None) -> dict:
    return {"text": text or f"Comment number {n}"}


def receipt(leaf: LedgerLeaf, head: LedgerHead, content: dict | None = None) -> dict:
    return {
        "receipt_version": 1,
        "leaf": {
            "index": leaf.index,
            "kind": leaf.kind,
            "public_id": leaf.public_id,
            "entry": leaf.entry,
            "leaf_hash": leaf.leaf_hash.hex(),
            "logged_at": leaf.created_at.isoformat(),
        },
        "content": content,
        "tree_size": head.tree_size,
        "head": service.head_json(head),
        "inclusion_proof": [p.hex() for p in service.inclusion_proof(leaf.index, head.tree_size)],
        "next_head_due": None,
        "public_key": signing.public_key_bytes().hex(),
    }
