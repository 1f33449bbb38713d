"""Verification (issue 19, "Done when"): a receipt still checks out after more entries;
a log that was truncated or rewritten fails against an earlier head, with the reason;
the whole-log check names what changed. Tampering goes around the application, as an
intruder with the database's owner rights would (on PostgreSQL, past the trigger)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from engage.extensions import db
from engage.ledger import service, verify
from engage.ledger.verify_receipt import ProofError
from tests.ledger.helpers import content_of, log_comment, receipt

TABLES = ("ledger_leaves", "ledger_nodes", "ledger_heads")


def _tamper(*statements: str) -> None:
    db.session.commit()
    with db.engine.begin() as conn:
        postgresql = conn.dialect.name == "postgresql"
        if postgresql:
            for table in TABLES:
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        for statement in statements:
            conn.execute(text(statement))
        if postgresql:
            for table in TABLES:
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only"))
    db.session.expunge_all()


def _receipt_for_comment_2():
    leaves = [log_comment(n) for n in range(5)]
    head = service.sign_head()
    db.session.commit()
    return receipt(leaves[2], head, content_of(2))


def test_a_receipt_is_included_in_the_latest_head_after_50_more_entries():
    issued = _receipt_for_comment_2()
    for n in range(5, 55):
        log_comment(n)
    service.sign_head()
    db.session.commit()
    checked = verify.check_receipt(json.loads(json.dumps(issued)))
    assert checked == {
        "index": 2,
        "kind": "comment",
        "public_id": "2",
        "head_size": 5,
        "latest_size": 55,
    }
    assert verify.check_log().ok


def test_a_rewritten_log_fails_against_the_earlier_head_even_when_signed_again():
    issued = _receipt_for_comment_2()
    for n in range(5, 10):
        log_comment(n)
    service.sign_head()
    db.session.commit()
    # Someone with the database rewrites history from entry 1 on and signs it anew.
    _tamper(
        "DELETE FROM ledger_nodes",
        "DELETE FROM ledger_leaves",
        "DELETE FROM ledger_heads WHERE tree_size > 5",
    )
    log_comment(0)
    log_comment(1, "Something the author never wrote")
    for n in range(2, 12):
        log_comment(n)
    service.sign_head()
    db.session.commit()

    with pytest.raises(
        ProofError, match="first 5 entries are not the ones the earlier head signed"
    ):
        verify.check_receipt(issued)
    result = verify.check_log()
    assert any(
        "its first 5 entries were changed after it was signed" in problem
        for problem in result.problems
    ), result.problems


def test_a_truncated_log_fails_against_the_heads_it_signed():
    issued = _receipt_for_comment_2()
    for n in range(5, 10):
        log_comment(n)
    service.sign_head()
    db.session.commit()
    _tamper(
        "DELETE FROM ledger_leaves WHERE leaf_index >= 3",
        "DELETE FROM ledger_nodes WHERE level = 0 AND position >= 3",
    )
    with pytest.raises(ProofError, match="no longer holds the entries its latest head signed"):
        verify.check_receipt(issued)
    problems = verify.check_log().problems
    assert any("signed 5 entries but the log has 3: entries were removed" in p for p in problems)
    assert any("signed 10 entries but the log has 3" in p for p in problems)

    # The intruder also removes the later heads and signs the shorter log.
    _tamper("DELETE FROM ledger_heads", "DELETE FROM ledger_nodes WHERE level > 0")
    _tamper("DELETE FROM ledger_nodes", "DELETE FROM ledger_leaves")
    for n in range(3):
        log_comment(n)
    service.sign_head()
    db.session.commit()
    with pytest.raises(ProofError, match="fewer than the 5 of the receipt's head"):
        verify.check_receipt(issued)


def test_an_entry_edited_in_place_is_named():
    log_comment(0)
    log_comment(1)
    service.sign_head()
    _tamper(
        "UPDATE ledger_leaves SET entry = replace(entry, 'p-0123', 'p-9999') WHERE leaf_index = 1"
    )
    problems = verify.check_log().problems
    assert problems[0] == (
        "entry 1 (comment 1) no longer gives its leaf hash: the log itself was edited"
    )


def test_the_whole_log_check_names_rows_changed_after_logging():
    for n in range(4):
        log_comment(n)
    service.sign_head()

    def changed(leaf):
        return f"comment {leaf.public_id} (leaf 2) changed" if leaf.index == 2 else None

    result = verify.check_log(changed)
    assert result.problems == ["comment 2 (leaf 2) changed"]
    assert (result.leaves, result.heads) == (4, 1)


def test_stored_nodes_that_disagree_with_the_leaves_are_found():
    for n in range(4):
        log_comment(n)
    db.session.commit()
    _tamper(
        "DELETE FROM ledger_nodes WHERE level = 2",
        "INSERT INTO ledger_nodes (level, position, hash) "
        "SELECT 2, 0, hash FROM ledger_nodes WHERE level = 0 AND position = 0",
    )
    assert "the stored tree nodes do not match the leaves" in verify.check_log().problems
