"""The ledger service on the real database: appends, proofs from stored nodes, signed
heads, and the append-only rule (the ORM everywhere, a trigger on PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from engage.extensions import db
from engage.ledger import merkle, service, signing
from engage.ledger.models import LedgerAppendOnlyError, LedgerHead, LedgerLeaf, LedgerNode
from tests.queries import count_queries


def _append(count: int, start: int = 0) -> list[LedgerLeaf]:
    return [
        service.append("comment", f"comment:{i}", {"text_sha256": f"{i:064x}", "n": i})
        for i in range(start, start + count)
    ]


def test_append_numbers_leaves_and_hashes_the_canonical_entry():
    first, second = _append(2)
    assert (first.index, second.index) == (0, 1)
    assert second.entry == (
        '{"content":{"n":1,"text_sha256":"' + f"{1:064x}" + '"},"id":"comment:1","kind":"comment"}'
    )
    assert second.leaf_hash == merkle.leaf_hash(second.entry.encode())
    assert service.leaf_for("comment", "comment:1") is second
    assert service.leaf_for("comment", "comment:9") is None
    assert service.tree_size() == 2


def test_append_is_idempotent_per_kind_and_public_id():
    leaf = service.append("proposal", "proposal:1", {"title": "A"})
    again = service.append("proposal", "proposal:1", {"title": "changed since"})
    assert again.index == leaf.index and again.entry == leaf.entry
    assert service.tree_size() == 1


def test_stored_nodes_give_the_same_roots_and_proofs_as_the_whole_tree():
    leaves = _append(21)
    db.session.commit()
    tree = merkle.MemoryTree([leaf.entry.encode() for leaf in leaves])
    for n in range(1, 22):
        assert service.root_hash(n) == tree.root(n)
        for i in range(n):
            assert service.inclusion_proof(i, n) == tree.inclusion_proof(i, n)
        for m in range(n + 1):
            assert service.consistency_proof(m, n) == tree.consistency_proof(m, n)


def test_proofs_take_the_same_few_queries_whatever_the_size():
    _append(300)
    db.session.commit()
    for args in ((5, 9), (150, 300)):
        with count_queries() as queries:
            service.inclusion_proof(*args)
        assert len(queries) == 2, queries  # the tree's size, then the nodes
        with count_queries() as queries:
            service.consistency_proof(*args)
        assert len(queries) == 2, queries


def test_proofs_refuse_sizes_and_leaves_outside_the_log():
    _append(3)
    for call in (
        lambda: service.inclusion_proof(3, 3),
        lambda: service.inclusion_proof(0, 4),
        lambda: service.inclusion_proof(-1, 2),
        lambda: service.consistency_proof(2, 4),
        lambda: service.consistency_proof(3, 2),
    ):
        with pytest.raises(ValueError):
            call()


def test_sign_head_signs_the_root_and_only_when_the_tree_grew():
    _append(5)
    head = service.sign_head()
    assert (head.tree_size, head.root_hash) == (5, service.root_hash(5))
    merkle.verify_head_signature(
        signing.public_key_bytes(), head.tree_size, head.timestamp, head.root_hash, head.signature
    )
    assert head.key_id == signing.key_id()
    assert service.sign_head() is head
    _append(2, start=5)
    later = service.sign_head()
    assert later.id != head.id and later.tree_size == 7 and later.timestamp > head.timestamp
    assert service.latest_head() is later
    assert service.head_for_leaf(4) is head
    assert service.head_for_leaf(5) is later
    assert service.head_for_leaf(7) is None
    assert [h.id for h in service.heads()] == [head.id, later.id]
    published = service.head_json(later)
    assert published["root_hash"] == later.root_hash.hex() and published["tree_size"] == 7
    with pytest.raises(merkle.ProofError, match="signature"):
        merkle.verify_head_signature(
            signing.public_key_bytes(), 6, later.timestamp, later.root_hash, later.signature
        )


def test_the_empty_log_gets_a_head_too():
    head = service.sign_head()
    assert head.tree_size == 0 and head.root_hash == merkle.empty_root()


@pytest.mark.parametrize("model", [LedgerLeaf, LedgerNode, LedgerHead])
def test_the_application_never_changes_or_removes_a_logged_row(model):
    _append(2)
    service.sign_head()
    db.session.commit()
    row = db.session.scalars(db.select(model)).first()
    column = {"LedgerLeaf": "kind", "LedgerNode": "hash", "LedgerHead": "key_id"}[model.__name__]
    setattr(row, column, b"x" * 32 if column == "hash" else "changed")
    with pytest.raises(LedgerAppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(db.select(model)).first())
    with pytest.raises(LedgerAppendOnlyError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(LedgerAppendOnlyError):
        db.session.execute(update(model).values({column: "changed"}))
    with pytest.raises(LedgerAppendOnlyError):
        db.session.execute(delete(model))
    db.session.rollback()


@pytest.mark.parametrize("table", ["ledger_leaves", "ledger_nodes", "ledger_heads"])
def test_postgresql_refuses_update_and_delete_from_any_client(table):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (run with TEST_DATABASE_URL)")
    _append(2)
    service.sign_head()
    db.session.commit()
    for statement in (
        f"UPDATE {table} SET {_column(table)} = {_column(table)}",
        f"DELETE FROM {table}",
    ):
        with db.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    with db.engine.connect() as conn:
        assert conn.scalar(text(f"SELECT count(*) FROM {table}")) > 0


def _column(table: str) -> str:
    return {"ledger_leaves": "kind", "ledger_nodes": "hash", "ledger_heads": "key_id"}[table]


def test_an_append_takes_at_most_five_statements():
    _append(2)
    for start in (2, 3):  # an even index completes no subtree, an odd one does
        with count_queries() as queries:
            _append(1, start=start)
        assert len(queries) <= 5, queries


def test_append_many_writes_what_appends_one_by_one_write_in_a_few_statements():
    _append(5)
    events = [
        ("comment", f"comment:{i}", {"text_sha256": f"{i:064x}", "n": i}) for i in range(3, 40)
    ]
    with count_queries() as queries:
        added = service.append_many([*events, events[-1]])
    db.session.commit()

    assert added == 35  # 3 and 4 were logged already; the repeated last one once
    # The lock (PostgreSQL), the logged events with the size, the tree's edge, two inserts.
    assert len(queries) <= 5, queries
    leaves = [service.leaf_at(i) for i in range(service.tree_size())]
    assert [leaf.public_id for leaf in leaves] == [f"comment:{i}" for i in range(40)]
    tree = merkle.MemoryTree([leaf.entry.encode() for leaf in leaves])
    alone = merkle.MemoryTree()
    for i in range(40):
        alone.append(
            merkle.canonical_json(
                {
                    "kind": "comment",
                    "id": f"comment:{i}",
                    "content": {"text_sha256": f"{i:064x}", "n": i},
                }
            )
        )
    assert tree.root(40) == alone.root(40) == service.root_hash(40)
    for n in (6, 17, 40):
        assert service.inclusion_proof(n - 1, n) == tree.inclusion_proof(n - 1, n)
        assert service.consistency_proof(5, n) == tree.consistency_proof(5, n)
    assert service.append_many([]) == 0


def test_a_transaction_asks_for_the_append_lock_once_and_holds_it_to_its_end():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer; the lock is PostgreSQL's")

    def locks(statements: list[str]) -> int:
        return sum("pg_advisory_xact_lock" in statement for statement in statements)

    def free_elsewhere() -> bool:
        with db.engine.connect() as other:
            taken = other.scalar(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": service._APPEND_LOCK}
            )
            other.rollback()
            return bool(taken)

    with count_queries() as first:
        service.lock_appends()
        service.append_many([("comment", "comment:1", {"n": 1})])
        service.append_many([("comment", "comment:2", {"n": 2})])
    assert locks(first) == 1
    assert not free_elsewhere()
    db.session.commit()
    assert free_elsewhere()

    with count_queries() as second:  # a new transaction asks again
        service.append_many([("comment", "comment:3", {"n": 3})])
    assert locks(second) == 1
    assert not free_elsewhere()
    db.session.rollback()
    assert free_elsewhere()
    with count_queries() as third:  # and after a rollback too
        service.lock_appends()
    assert locks(third) == 1
    db.session.rollback()


def _entry_of(i: int) -> bytes:
    return merkle.canonical_json({"kind": "comment", "id": f"comment:{i}", "content": {"n": i}})


def test_append_many_takes_more_events_than_sqlite_takes_bound_values(monkeypatch):
    monkeypatch.setattr(service, "_IDS_PER_QUERY", 7)
    service.append("comment", "comment:3", {"n": 3})
    events = [("comment", f"comment:{i}", {"n": i}) for i in range(20)]
    assert service.append_many(events) == 19  # comment:3 was logged already
    order = [3, *(i for i in range(20) if i != 3)]
    assert service.root_hash(20) == merkle.MemoryTree([_entry_of(i) for i in order]).root(20)
