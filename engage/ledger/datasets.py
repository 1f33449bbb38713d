"""The public record as open data: every leaf (what kind of event, which public id, its
hash and when it was logged) and every signed head. Registered with open data in
engage/wiring.py (open data can't import the ledger: the ledger uses its pseudonyms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.extensions import db
from engage.ledger.models import LedgerHead, LedgerLeaf
from engage.opendata.fields import DATETIME, INTEGER, STRING, Dataset, Field, timestamp


def _leaves(consultation_id: int | None, after: int, limit: int):
    # The key is the 1-based number; the keyset continues after it.
    query = select(LedgerLeaf).where(LedgerLeaf.index >= after).order_by(LedgerLeaf.index)
    return db.session.scalars(query.limit(limit))


def _heads(consultation_id: int | None, after: int, limit: int):
    query = select(LedgerHead).where(LedgerHead.id > after).order_by(LedgerHead.id)
    return db.session.scalars(query.limit(limit))


LEDGER_LEAVES = Dataset(
    name="ledger_leaves",
    title=_l("Public record: entries"),
    summary=_l("Every entry of the tamper-evident log: what kind of event, which one, its hash."),
    fields=(
        Field(
            "number", INTEGER, "Its place in the log, from 1.", value=lambda leaf: leaf.index + 1
        ),
        Field("leaf_index", INTEGER, "RFC 9162 leaf index (number - 1).", value=lambda x: x.index),
        Field("kind", STRING, "The kind of event (comment, proposal, moderation_decision...)."),
        Field(
            "public_id",
            STRING,
            "Which one: the item's id, with @n for its n-th logged version.",
        ),
        Field(
            "leaf_hash",
            STRING,
            "SHA-256 of 0x00 followed by the entry (hex).",
            value=lambda leaf: bytes(leaf.leaf_hash).hex(),
        ),
        Field(
            "logged_at",
            DATETIME,
            "When it was logged (UTC).",
            value=lambda leaf: timestamp(leaf.created_at),
        ),
    ),
    source=_leaves,
    key="number",
    per_consultation=False,
)

LEDGER_HEADS = Dataset(
    name="ledger_heads",
    title=_l("Public record: signed heads"),
    summary=_l("Every signed state of the log: its size, root hash, time and Ed25519 signature."),
    fields=(
        Field("id", INTEGER, "Head id."),
        Field("tree_size", INTEGER, "Entries in the log when it was signed."),
        Field(
            "root_hash",
            STRING,
            "RFC 9162 root hash of those entries (hex).",
            value=lambda h: bytes(h.root_hash).hex(),
        ),
        Field("timestamp", INTEGER, "The signed time, in milliseconds since 1970 (UTC)."),
        Field(
            "signed_at",
            DATETIME,
            "The same time, readable (UTC).",
            value=lambda h: timestamp(h.signed_at),
        ),
        Field(
            "signature",
            STRING,
            "Ed25519 signature of the RFC 9162 tree head (hex).",
            value=lambda h: bytes(h.signature).hex(),
        ),
        Field("key_id", STRING, "SHA-256 of the public key that signed (hex)."),
    ),
    source=_heads,
    per_consultation=False,
)

LEDGER_DATASETS = (LEDGER_LEAVES, LEDGER_HEADS)
