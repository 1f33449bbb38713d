"""What the public record logs: one kind of event per table, and the job that logs them.

A kind (``Kind``) says which rows it logs and the canonical content of a row: small,
stable facts (ids, times, the author's pseudonymous id) and ``content_sha256``, the
SHA-256 of the row's text as canonical JSON, so the log holds no text that moderation or
erasure would need to take back, yet proves what was written. A receipt carries the text
beside the leaf, so its holder can check the hash (``digest``).

Listeners (engage.ledger.listeners) only queue ``record(kind, row_id)``, which runs after
the request's commit (engage.jobs) and appends what the row's log lacks: its first event
as public id ``"<row id>"``, each later change of what the kind logs as ``"<row id>@<n>"``
(n = 2, 3…). It is idempotent, so ``catch_up`` (``flask ledger catch-up``) runs the same
code over every row after a crash between a commit and its append.

A new kind (survey answers, opinion statements…) is one ``register(Kind(...))`` in
engage/ledger/kinds.py and, for its signal, one line in engage/wiring.py CONNECTIONS.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select

from engage.extensions import db
from engage.ledger import service
from engage.ledger.kinds import KINDS, digest
from engage.ledger.models import LedgerLeaf

# Public ids --------------------------------------------------------------------------


def public_id(row_id: int, version: int = 1) -> str:
    return str(row_id) if version == 1 else f"{row_id}@{version}"


def parse_public_id(value: str) -> tuple[int, int] | None:
    """``"42"`` -> (42, 1); ``"42@3"`` -> (42, 3); None for anything else."""
    head, _, version = value.partition("@")
    try:
        row_id, number = int(head), int(version) if version else 1
    except ValueError:
        return None
    if row_id < 1 or number < 1 or (version and number == 1):
        return None
    return row_id, number


def logged_content(leaf: LedgerLeaf) -> dict:
    """The canonical content a leaf logged."""
    return json.loads(leaf.entry)["content"]


def leaves_of(kind: str, row_id: int) -> list[LedgerLeaf]:
    """Every logged version of one row, oldest first (one index lookup per version)."""
    found: list[LedgerLeaf] = []
    while True:
        leaf = service.leaf_for(kind, public_id(row_id, len(found) + 1))
        if leaf is None:
            return found
        found.append(leaf)


# Recording ---------------------------------------------------------------------------


def record(kind_name: str, row_id: int) -> LedgerLeaf | None:
    """The job: log the row's current state unless its latest leaf already says it, and
    commit. Returns the new leaf, or None when nothing was new (or the row isn't loggable)."""
    leaf = _record(kind_name, row_id)
    db.session.commit()
    return leaf


def _record(kind_name: str, row_id: int) -> LedgerLeaf | None:
    kind = KINDS[kind_name]
    row = kind.load(row_id)
    if row is None or not kind.loggable(row):
        return None
    canonical = kind.canonical(row)
    logged = leaves_of(kind_name, row_id)
    if logged and logged_content(logged[-1]) == canonical:
        return None
    return service.append(kind_name, public_id(row_id, len(logged) + 1), canonical)


def catch_up() -> int:
    """Log every row's missing event, kind by kind, oldest row first; commits once at the
    end. Idempotent: a second run adds nothing. Returns the number of leaves added."""
    added = 0
    for kind in KINDS.values():
        ids = db.session.scalars(select(kind.model.id).order_by(kind.model.id)).all()
        for row_id in ids:
            if _record(kind.name, row_id) is not None:
                added += 1
    db.session.commit()
    return added


# Verifying ---------------------------------------------------------------------------


def canonical_for_row(kind_name: str, public_id_: str) -> dict | None:
    """The canonical content the row behind this event gives now, or None when the row is
    gone (or isn't public any more, or the kind or id is unknown)."""
    kind = KINDS.get(kind_name)
    parsed = parse_public_id(public_id_)
    if kind is None or parsed is None:
        return None
    row = kind.load(parsed[0])
    if row is None or not kind.loggable(row):
        return None
    return kind.canonical(row)


def changed_since_logged(leaf: LedgerLeaf) -> str | None:
    """Why the live database disagrees with this leaf, or None when it agrees.

    Only a row's latest logged version is compared with the row: an earlier one was
    superseded by a later leaf, which is what logging a change means."""
    parsed = parse_public_id(leaf.public_id)
    if leaf.kind not in KINDS or parsed is None:
        return f"leaf {leaf.index}: unknown event {leaf.kind} {leaf.public_id}"
    row_id, version = parsed
    if service.leaf_for(leaf.kind, public_id(row_id, version + 1)) is not None:
        return None
    return _compare(leaf, row_id)


def changed_rows(leaves: Iterator[LedgerLeaf]) -> Iterator[str]:
    """Reasons for every row that disagrees with its latest leaf, reading ``leaves`` (in
    index order) once: the whole-log check of ``flask ledger verify``."""
    latest: dict[tuple[str, int], LedgerLeaf] = {}
    for leaf in leaves:
        parsed = parse_public_id(leaf.public_id)
        if leaf.kind not in KINDS or parsed is None:
            yield f"leaf {leaf.index}: unknown event {leaf.kind} {leaf.public_id}"
            continue
        latest[(leaf.kind, parsed[0])] = leaf
    for (_kind, row_id), leaf in latest.items():
        reason = _compare(leaf, row_id)
        if reason:
            yield reason


def _compare(leaf: LedgerLeaf, row_id: int) -> str | None:
    now = canonical_for_row(leaf.kind, str(row_id))
    name = f"{leaf.kind.replace('_', ' ')} {row_id} (leaf {leaf.index})"
    if now is None:
        return f"{name}: the row is gone or no longer public"
    before = logged_content(leaf)
    if now == before:
        return None
    fields = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))
    return f"{name} changed after it was logged: {', '.join(fields)}"


# Receipts ----------------------------------------------------------------------------


def content_for_leaf(leaf: LedgerLeaf) -> dict | None:
    """The text a leaf's ``content_sha256`` hashes, if the row still has it (now or in
    its history); None when it is gone or was overwritten without history."""
    kind = KINDS.get(leaf.kind)
    parsed = parse_public_id(leaf.public_id)
    if kind is None or kind.content is None or parsed is None:
        return None
    row = kind.load(parsed[0])
    if row is None:
        return None
    wanted = logged_content(leaf).get("content_sha256")
    for candidate in (*kind.history(row), kind.content(row)):
        if digest(candidate) == wanted:
            return candidate
    return None
