"""The public record's tables: leaves, the tree's complete nodes, and signed heads.

All three are append-only. Nothing in the application updates or deletes a row: the ORM
refuses it here (like published draft versions), bulk UPDATE and DELETE statements on
them are refused too, and on PostgreSQL a trigger refuses it whatever the client (the
migration 0023). Someone with the database owner's rights can still rewrite the tables;
that is what the signed heads and consistency proofs exist to expose.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Index, LargeBinary, SmallInteger, String, Text, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from engage.database import UTCDateTime, utcnow
from engage.extensions import db


class LedgerAppendOnlyError(RuntimeError):
    """Something tried to change or remove a row of the public record."""


class LedgerLeaf(db.Model):
    """One public event: ``entry`` is the exact text hashed into ``leaf_hash``."""

    __tablename__ = "ledger_leaves"
    __table_args__ = (Index("ix_ledger_leaves_kind_public_id", "kind", "public_id", unique=True),)

    # Its number in the log, from 0 (RFC 9162's leaf index).
    index: Mapped[int] = mapped_column(
        "leaf_index", BigInteger, primary_key=True, autoincrement=False
    )
    kind: Mapped[str] = mapped_column(String(40))
    # Names the event within its kind ("comment:42", "consultation:7:v3"): unique.
    public_id: Mapped[str] = mapped_column(String(200))
    # Canonical JSON of {"kind", "id", "content"} (engage.ledger.merkle.canonical_json).
    entry: Mapped[str] = mapped_column(Text)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerNode(db.Model):
    """The hash of a perfect subtree: 2**level leaves from position * 2**level. Level 0
    repeats the leaf hashes, so every proof reads one table."""

    __tablename__ = "ledger_nodes"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LedgerHead(db.Model):
    """A signed tree head: the site's word that the log had ``tree_size`` entries with
    ``root_hash`` at ``timestamp``. Every head is kept."""

    __tablename__ = "ledger_heads"
    __table_args__ = (Index("ix_ledger_heads_tree_size", "tree_size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tree_size: Mapped[int] = mapped_column(BigInteger)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    # Milliseconds since 1970-01-01 UTC, as signed (RFC 9162's TreeHeadDataV2).
    timestamp: Mapped[int] = mapped_column(BigInteger)
    # Ed25519 over the head's RFC 9162 encoding (engage.ledger.signing).
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    # SHA-256 of the raw public key, hex: which key signed, should the key ever change.
    key_id: Mapped[str] = mapped_column(String(64))

    @property
    def signed_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp / 1000, UTC)


LEDGER_MODELS = (LedgerLeaf, LedgerNode, LedgerHead)
LEDGER_TABLES = frozenset(model.__tablename__ for model in LEDGER_MODELS)


def _refuse_change(mapper, connection, target) -> None:
    raise LedgerAppendOnlyError(f"{type(target).__name__} rows are never changed or removed")


for _model in LEDGER_MODELS:
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state: ORMExecuteState) -> None:
    """``update(LedgerLeaf)`` and ``delete(...)`` statements skip the mapper events above."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in LEDGER_TABLES:
        raise LedgerAppendOnlyError(f"{table.name} rows are never changed or removed")
