"""Checks of the public record against what it claims: ``flask ledger verify``.

``check_log`` reads every leaf in order and says what does not hold: a leaf whose entry
no longer gives its hash, a missing leaf, a row changed after it was logged (asked of
engage.ledger.events, which knows how each kind of row is logged), a signed head whose
tree is no longer the log's first entries, a head larger than the log, stored nodes that
disagree with the leaves. ``check_receipt`` checks a receipt against the latest head,
with the same code as the stand-alone verify_receipt.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from engage.extensions import db
from engage.ledger import merkle, service, signing
from engage.ledger.models import LedgerHead, LedgerLeaf
from engage.ledger.verify_receipt import ProofError
from engage.ledger.verify_receipt import check_receipt as check_receipt_data

BATCH = 2000


class Explained(str):
    """A row that changed after it was logged, by an event the log records (an account
    deletion): said, and not a problem."""


@dataclass
class LogCheck:
    leaves: int = 0
    heads: int = 0
    problems: list[str] = field(default_factory=list)
    # Rows changed after they were logged by an event the log records.
    explained: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_log(changed_since_logged: Callable[[LedgerLeaf], str | None] | None = None) -> LogCheck:
    """Recompute the whole log from its leaves (and each leaf from its row, when
    ``changed_since_logged`` is given) and name what does not hold."""
    result = LogCheck()
    by_size = select(LedgerHead).order_by(LedgerHead.tree_size, LedgerHead.id)
    heads = list(db.session.scalars(by_size))
    result.heads = len(heads)
    public_key = signing.public_key_bytes()
    frontier = merkle.Frontier()
    pending = iter(heads)
    head = next(pending, None)
    head = _check_heads_at(0, frontier, head, pending, public_key, result)
    for leaf in _leaves():
        if leaf.index != frontier.size:
            result.problems.append(
                f"entries {frontier.size} to {leaf.index - 1} are missing from the log"
            )
            break
        if merkle.leaf_hash(leaf.entry.encode()) != leaf.leaf_hash:
            result.problems.append(
                f"entry {leaf.index} ({leaf.kind} {leaf.public_id}) no longer gives its leaf hash: "
                "the log itself was edited"
            )
        if changed_since_logged is not None:
            reason = changed_since_logged(leaf)
            if isinstance(reason, Explained):
                result.explained.append(reason)
            elif reason:
                result.problems.append(reason)
        frontier.append(bytes(leaf.leaf_hash))
        head = _check_heads_at(frontier.size, frontier, head, pending, public_key, result)
    result.leaves = frontier.size
    while head is not None:
        result.problems.append(
            f"{_named(head)} signed {head.tree_size} entries but the log has {frontier.size}: "
            "entries were removed"
        )
        head = next(pending, None)
    try:
        if service.root_hash(frontier.size) != frontier.root():
            result.problems.append("the stored tree nodes do not match the leaves")
    except (service.LedgerCorruptError, ValueError) as error:
        result.problems.append(f"the stored tree nodes are incomplete: {error}")
    return result


def _leaves() -> Iterator[LedgerLeaf]:
    after = -1
    while True:
        query = select(LedgerLeaf).where(LedgerLeaf.index > after).order_by(LedgerLeaf.index)
        batch = list(db.session.scalars(query.limit(BATCH)))
        if not batch:
            return
        yield from batch
        after = batch[-1].index
        db.session.expunge_all()


def _check_heads_at(size, frontier, head, pending, public_key, result):
    while head is not None and head.tree_size == size:
        if head.key_id == signing.key_id(public_key):
            try:
                merkle.verify_head_signature(
                    public_key, head.tree_size, head.timestamp, head.root_hash, head.signature
                )
            except ProofError as error:
                result.problems.append(f"{_named(head)}: {error}")
        if frontier.root() != head.root_hash:
            result.problems.append(
                f"{_named(head)} does not match the log: its first {size} entries were changed "
                "after it was signed"
            )
        head = next(pending, None)
    return head


def _named(head: LedgerHead) -> str:
    return f"the head of {head.signed_at:%Y-%m-%d %H:%M:%S} UTC"


def check_receipt(receipt: object) -> dict:
    """Check a receipt against the site's key and its latest signed head (raises
    ProofError with the reason)."""
    latest = service.latest_head()
    if latest is None:
        raise ProofError("the site has signed no head yet")
    head = receipt.get("head") if isinstance(receipt, dict) else None
    first = head.get("tree_size") if isinstance(head, dict) else None
    consistency = None
    if isinstance(first, int) and not isinstance(first, bool) and 0 <= first <= latest.tree_size:
        try:
            proof = service.consistency_proof(first, latest.tree_size)
        except (ValueError, service.LedgerCorruptError) as error:
            raise ProofError(
                f"the log no longer holds the entries its latest head signed ({error})"
            ) from None
        consistency = [step.hex() for step in proof]
    return check_receipt_data(
        receipt, signing.public_key_bytes(), service.head_json(latest), consistency
    )
