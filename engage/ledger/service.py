"""Writes to the public record and the proofs read from it.

``append`` adds one event as the next leaf, with the complete nodes it finishes; it
flushes and never commits (the job that calls it commits). Appends are serialised: on
PostgreSQL by a transaction-scoped advisory lock, on SQLite by its single writer. Proofs
and roots read the O(log n) nodes they need in one query (engage.ledger.merkle).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import and_, func, insert, null, or_, select, text, union_all

from engage.database import utcnow
from engage.extensions import db
from engage.ledger import merkle, signing
from engage.ledger.models import LedgerHead, LedgerLeaf, LedgerNode

# Any fixed number: the key of the advisory lock that keeps appends in order.
_APPEND_LOCK = 0x1E06E219
_IDS_PER_QUERY = 5000
# The session's transaction that holds the lock (session.info outlives transactions).
_LOCKED_IN = "engage.ledger.locked_in"


class LedgerCorruptError(RuntimeError):
    """A node the tree needs is missing: the tables were changed behind the application."""


def append(kind: str, public_id: str, canonical: dict) -> LedgerLeaf:
    """Log one event; the same (kind, public_id) again returns the leaf already logged.

    Each statement is a round trip, so there are few: the lock (PostgreSQL), the size
    and the existing leaf together, the nodes the new leaf completes (odd indexes only),
    then the leaf and its nodes."""
    if not kind or not public_id:
        raise ValueError("a ledger entry needs a kind and a public id")
    entry = merkle.canonical_json({"kind": kind, "id": public_id, "content": canonical})
    lock_appends()
    last, existing = db.session.execute(
        select(
            select(func.max(LedgerLeaf.index)).scalar_subquery(),
            select(LedgerLeaf.index)
            .where(LedgerLeaf.kind == kind, LedgerLeaf.public_id == public_id)
            .scalar_subquery(),
        )
    ).one()
    if existing is not None:
        return db.session.get(LedgerLeaf, existing)
    index = 0 if last is None else last + 1
    leaf_hash = merkle.leaf_hash(entry)
    node = _node_reader(merkle.nodes_needed(merkle.appended_nodes, index, leaf_hash))
    nodes = merkle.appended_nodes(index, leaf_hash, node)
    leaf = LedgerLeaf(
        index=index, kind=kind, public_id=public_id, entry=entry.decode(), leaf_hash=leaf_hash
    )
    db.session.add(leaf)
    db.session.flush()
    db.session.execute(
        insert(LedgerNode),
        [{"level": level, "position": position, "hash": value} for level, position, value in nodes],
    )
    return leaf


def append_many(events: Sequence[tuple[str, str, dict]]) -> int:
    """Log events in this order in one go: the rows ``append`` would write one by one,
    in five statements for up to 5,000 events (the lock, the events already logged with
    the tree's size, the right edge of the tree, then the leaves and their nodes in bulk).
    Events already logged, or twice in ``events``, are skipped. Flushes, never commits;
    returns how many leaves it added."""
    if not events:
        return 0
    for kind, public_id, _ in events:
        if not kind or not public_id:
            raise ValueError("a ledger entry needs a kind and a public id")
    lock_appends()
    seen: set[tuple[str, str]] = set()
    last = None
    # In chunks: SQLite takes at most 32,766 bound values (a demo sends many more).
    for start in range(0, len(events), _IDS_PER_QUERY):
        by_kind: dict[str, list[str]] = {}
        for kind, public_id, _ in events[start : start + _IDS_PER_QUERY]:
            by_kind.setdefault(kind, []).append(public_id)
        logged = or_(
            *(
                and_(LedgerLeaf.kind == kind, LedgerLeaf.public_id.in_(ids))
                for kind, ids in by_kind.items()
            )
        )
        query = select(LedgerLeaf.kind, LedgerLeaf.public_id, null()).where(logged)
        if start == 0:  # the tree's size comes with the first look-up: a round trip fewer
            query = union_all(select(null(), null(), func.max(LedgerLeaf.index)), query)
        for kind, public_id, maximum in db.session.execute(query):
            if kind is None:
                last = maximum
            else:
                seen.add((kind, public_id))
    index = 0 if last is None else last + 1
    # The right edge of the tree of ``index`` leaves: every node the new leaves can need
    # that they don't make themselves.
    edge = {
        (level, (index >> level) - 1) for level in range(index.bit_length()) if index >> level & 1
    }
    known = _read_nodes(edge)
    leaves, nodes = [], []
    for kind, public_id, canonical in events:
        if (kind, public_id) in seen:
            continue
        seen.add((kind, public_id))
        entry = merkle.canonical_json({"kind": kind, "id": public_id, "content": canonical})
        leaf_hash = merkle.leaf_hash(entry)
        for level, position, value in merkle.appended_nodes(index, leaf_hash, _reader(known)):
            known[(level, position)] = value
            nodes.append({"level": level, "position": position, "hash": value})
        leaves.append(
            {
                "leaf_index": index,  # the column's name (the attribute is ``index``)
                "kind": kind,
                "public_id": public_id,
                "entry": entry.decode(),
                "leaf_hash": leaf_hash,
                "created_at": utcnow(),
            }
        )
        index += 1
    if leaves:
        # Core inserts of the tables: the ORM's bulk path costs more than the statements.
        db.session.execute(insert(LedgerLeaf.__table__), leaves)
        db.session.execute(insert(LedgerNode.__table__), nodes)
    return len(leaves)


def leaf_for(kind: str, public_id: str) -> LedgerLeaf | None:
    return db.session.scalar(
        select(LedgerLeaf).where(LedgerLeaf.kind == kind, LedgerLeaf.public_id == public_id)
    )


def leaf_at(index: int) -> LedgerLeaf | None:
    return db.session.get(LedgerLeaf, index)


def tree_size() -> int:
    last = db.session.scalar(select(func.max(LedgerLeaf.index)))
    return 0 if last is None else last + 1


def root_hash(size: int | None = None) -> bytes:
    size = tree_size() if size is None else _within_log(size)
    return merkle.tree_hash(size, _node_reader(merkle.nodes_needed(merkle.tree_hash, size)))


def inclusion_proof(leaf_index: int, size: int) -> list[bytes]:
    """The audit path of leaf ``leaf_index`` in the tree of the first ``size`` leaves."""
    _within_log(size)
    if not 0 <= leaf_index < size:
        raise ValueError(f"leaf {leaf_index} is not in a tree of {size} entries")
    wanted = merkle.nodes_needed(merkle.inclusion_proof, leaf_index, size)
    return merkle.inclusion_proof(leaf_index, size, _node_reader(wanted))


def consistency_proof(first: int, second: int) -> list[bytes]:
    """The proof that the tree of ``second`` leaves extends the tree of ``first``."""
    _within_log(second)
    if not 0 <= first <= second:
        raise ValueError(f"a tree of {second} entries cannot extend one of {first}")
    wanted = merkle.nodes_needed(merkle.consistency_proof, first, second)
    return merkle.consistency_proof(first, second, _node_reader(wanted))


def sign_head() -> LedgerHead:
    """Sign the tree as it is now; while it has not grown since the latest head, that
    head stands (heads mark growth, so the list of heads grows with the log)."""
    size = tree_size()
    latest = latest_head()
    if latest is not None and latest.tree_size == size:
        return latest
    timestamp = int(time.time() * 1000)
    if latest is not None:
        timestamp = max(timestamp, latest.timestamp + 1)
    root = root_hash(size)
    head = LedgerHead(
        tree_size=size,
        root_hash=root,
        timestamp=timestamp,
        signature=signing.sign(merkle.head_message(size, timestamp, root)),
        key_id=signing.key_id(),
    )
    db.session.add(head)
    db.session.flush()
    return head


def latest_head() -> LedgerHead | None:
    return db.session.scalar(select(LedgerHead).order_by(LedgerHead.id.desc()).limit(1))


def head_for_leaf(leaf_index: int) -> LedgerHead | None:
    """The first signed head whose tree holds the leaf."""
    return db.session.scalar(
        select(LedgerHead)
        .where(LedgerHead.tree_size > leaf_index)
        .order_by(LedgerHead.tree_size, LedgerHead.id)
        .limit(1)
    )


def heads(after_id: int = 0, limit: int = 100) -> list[LedgerHead]:
    """Signed heads, oldest first, from after ``after_id`` (keyset pagination)."""
    query = select(LedgerHead).where(LedgerHead.id > after_id).order_by(LedgerHead.id)
    return list(db.session.scalars(query.limit(limit)))


def head_json(head: LedgerHead) -> dict:
    """A head as it is published: hashes and signature in hex, time in ms and ISO 8601."""
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash.hex(),
        "timestamp": head.timestamp,
        "signed_at": head.signed_at.isoformat().replace("+00:00", "Z"),
        "signature": head.signature.hex(),
        "key_id": head.key_id,
    }


def _within_log(size: int) -> int:
    current = tree_size()
    if not 0 <= size <= current:
        raise ValueError(f"the log has {current} entries, not {size}")
    return size


def lock_appends() -> None:
    """Wait for, then hold until the commit, the right to append (PostgreSQL; SQLite has
    one writer). A transaction that holds it already doesn't ask again (a round trip)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    transaction = db.session().get_transaction()
    if transaction is not None and db.session.info.get(_LOCKED_IN) is transaction:
        return
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK})
    db.session.info[_LOCKED_IN] = db.session().get_transaction()


def _node_reader(wanted: set[merkle.NodeKey]):
    """Read the nodes in one query; the reader then answers from them."""
    return _reader(_read_nodes(wanted))


def _read_nodes(wanted: set[merkle.NodeKey]) -> dict[merkle.NodeKey, bytes]:
    found: dict[merkle.NodeKey, bytes] = {}
    if wanted:
        by_level: dict[int, list[int]] = {}
        for level, position in sorted(wanted):
            by_level.setdefault(level, []).append(position)
        # One primary-key lookup list per level (a row-value IN list is a full scan on
        # SQLite), written as text: built as expressions, the query cost more than it ran.
        params: dict[str, int] = {}
        clauses = []
        for i, (level, positions) in enumerate(by_level.items()):
            params[f"l{i}"] = level
            names = []
            for j, position in enumerate(positions):
                params[f"p{i}_{j}"] = position
                names.append(f":p{i}_{j}")
            clauses.append(f"(level = :l{i} AND position IN ({', '.join(names)}))")
        where = " OR ".join(clauses)  # names of bound parameters only, never values
        query = f"SELECT level, position, hash FROM ledger_nodes WHERE {where}"  # noqa: S608
        rows = db.session.execute(text(query), params)
        found = {(level, position): bytes(value) for level, position, value in rows}
    return found


def _reader(found: dict[merkle.NodeKey, bytes]):
    def node(level: int, position: int) -> bytes:
        try:
            return found[(level, position)]
        except KeyError:
            raise LedgerCorruptError(
                f"the log's node ({level}, {position}) is missing: the tables were changed"
            ) from None

    return node
