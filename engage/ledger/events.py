"""What the public record logs: one kind of event per table, and the job that logs them.

A kind (``Kind``) says which rows it logs and the canonical content of a row: small,
stable facts (ids, times, the author's pseudonymous id) and ``content_sha256``, the
SHA-256 of the row's text as canonical JSON, so the log holds no text that moderation or
erasure would need to take back, yet proves what was written. A receipt carries the text
beside the leaf, so its holder can check the hash (``digest``).

Listeners (engage.ledger.listeners) only add ``(kind, row_id)`` to the transaction's
``record_many`` job, which runs after the request's commit (engage.jobs) and appends, in
order and in one transaction, what each row's log lacks: its first event as public id
``"<row id>"``, each later change of what the kind logs as ``"<row id>@<n>"`` (n = 2,
3…). It is idempotent, so ``catch_up`` (``flask ledger catch-up``) runs the same check
over every row after a crash between a commit and its append, 1,000 leaves per
transaction. On a worker the job drains the queue: it appends the events of the append
jobs waiting behind it too, in the same transaction, and takes them off the queue (one
that a second worker had already taken finds its events logged, and adds nothing), so
requests that each send one event share one transaction and one commit.

A row changed by an event that is itself logged (an account deletion, whose leaf lists
the rows it changed with their new hashes: kinds.EXPLAINING_KINDS) is reported by the
whole-log check as ``Explained``, not as a change nobody logged.

A new kind is one ``register(Kind(...))`` in engage/ledger/kinds.py and, for its
signal, one line in engage/wiring.py CONNECTIONS.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import select

from engage import jobs
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.ledger import service
from engage.ledger.kinds import EXPLAINING_KINDS, KINDS, digest
from engage.ledger.listeners import RECORD_MANY
from engage.ledger.models import LedgerLeaf
from engage.ledger.verify import Explained

log = logging.getLogger(__name__)

# A drain takes the events of at most this many waiting append jobs (engage.jobs.waiting).
DRAIN_JOBS = 1000
# The append job and catch-up read the rows and their log for this many events at once.
READ_AHEAD = 500
# ``flask ledger catch-up`` appends this many leaves per transaction.
CATCH_UP_BATCH = 1000

# After closing, the cron job checkpoints a consultation's supports for this long (its
# final counts); catch-up logs any it missed.
RECENTLY_CLOSED = timedelta(days=7)

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


def record(kind_name: str, row_id: int) -> int:
    """The one-event job of earlier releases (some may still wait in a queue)."""
    return record_many([(kind_name, row_id)])


def record_many(items: list[tuple[str, int]]) -> int:
    """The job: log the current state of each (kind, row id), in this order, and commit
    once: the events one transaction sent. On a worker it drains the queue: the events
    of the append jobs waiting behind it come next, in the queue's order, in the same
    transaction, and those jobs are then taken off the queue. Each event is logged as
    ``catch_up`` logs it (a row twice, or unchanged, or already logged by another job,
    adds nothing), so a job whose events a drain already appended is a no-op. Returns
    the number of leaves added."""
    # Held to the commit (PostgreSQL): what the log lacks is read and appended by one job
    # at a time, so two workers never both append an event, nor one before an earlier.
    service.lock_appends()
    drained = jobs.waiting(RECORD_MANY, DRAIN_JOBS)
    if drained:
        try:
            added = _log_current([*items, *(tuple(i) for _id, args in drained for i in args[0])])
            db.session.commit()
        except Exception:
            # One bad event must not hold up the others: each job then runs on its own,
            # and only the bad one fails.
            db.session.rollback()
            log.exception("the append job could not drain the queue; it appends its own events")
            service.lock_appends()
        else:
            jobs.taken([job_id for job_id, _args in drained])
            return added
    added = _log_current(items)
    db.session.commit()
    return added


def _log_current(
    items: Iterable[tuple[str, int]], check: RowCheck | None = None, batch: int | None = None
) -> int:
    """Append what each row's log lacks, in order, with ``service.append_many``; with
    ``batch``, commit every ``batch`` leaves (else the caller commits). ``check``: skip a
    row whose change an event the log records already accounts for (catch-up: an account
    deletion is not a missing event of each row it changed).

    Reads in a few queries per ``READ_AHEAD`` events, not two per event: the rows, one
    query per kind, and what their log holds, one query per kind and version."""
    pending: list[tuple[str, str, dict]] = []
    # (kind, row id) -> (versions logged or planned, the latest content, its leaf index).
    planned: dict[tuple[str, int], tuple[int, dict | None, int | None]] = {}
    added = 0
    remaining = iter(items)
    while chunk := list(islice(remaining, READ_AHEAD)):
        loaded = _load_rows(chunk)  # held, so kind.load finds them in the session
        for position, (kind_name, row_id) in enumerate(chunk):
            kind = KINDS[kind_name]
            if pending and (kind_name in EXPLAINING_KINDS or (batch and len(pending) >= batch)):
                # An explaining kind reads what the log holds: the events before it first.
                added += service.append_many(pending)
                pending = []
                planned.clear()  # what was planned is in the log now: read again
                if batch:
                    db.session.commit()
                    service.lock_appends()
            row = kind.load(row_id)
            if row is None or not kind.loggable(row):
                continue
            key = (kind_name, row_id)
            if key not in planned:
                ahead = {item for item in chunk[position:] if item not in planned}
                planned.update(_logged_state(ahead))
            versions, latest, index = planned[key]
            if versions and kind.once:
                continue
            canonical = kind.canonical(row)
            if versions and latest == canonical:
                continue
            if index is not None and check and check.explained_by(*key, index, canonical):
                continue
            pending.append((kind_name, public_id(row_id, versions + 1), canonical))
            planned[key] = (versions + 1, canonical, None)
        del loaded
    added += service.append_many(pending)
    if batch:
        db.session.commit()
    return added


def _load_rows(items: list[tuple[str, int]]) -> list:
    """The rows behind these events, one query per kind, into the session."""
    by_kind: dict[str, set[int]] = {}
    for kind_name, row_id in items:
        by_kind.setdefault(kind_name, set()).add(row_id)
    loaded: list = []
    for kind_name, ids in by_kind.items():
        model = KINDS[kind_name].model
        loaded.extend(db.session.scalars(select(model).where(model.id.in_(sorted(ids)))))
    return loaded


def _logged_state(
    keys: set[tuple[str, int]],
) -> dict[tuple[str, int], tuple[int, dict | None, int | None]]:
    """For each (kind, row id): how many versions the log holds, the latest's content
    and leaf index (``leaves_of`` for many rows: one query per kind and version)."""
    state: dict[tuple[str, int], tuple[int, dict | None, int | None]] = {
        key: (0, None, None) for key in keys
    }
    wanted = dict.fromkeys(keys, 1)  # the version to look for next
    while wanted:
        names: dict[str, dict[str, tuple[str, int]]] = {}
        for (kind_name, row_id), version in wanted.items():
            names.setdefault(kind_name, {})[public_id(row_id, version)] = (kind_name, row_id)
        found: dict[tuple[str, int], tuple[str, int]] = {}
        for kind_name, by_name in names.items():
            query = select(LedgerLeaf.public_id, LedgerLeaf.entry, LedgerLeaf.index).where(
                LedgerLeaf.kind == kind_name, LedgerLeaf.public_id.in_(sorted(by_name))
            )
            for name, entry, index in db.session.execute(query):
                found[by_name[name]] = (entry, index)
        for key, (entry, index) in found.items():
            state[key] = (wanted[key], json.loads(entry)["content"], index)
        wanted = {key: wanted[key] + 1 for key in found}
    return state


def catch_up(batch: int | None = None) -> int:
    """Log every row's missing event, kind by kind, oldest row first, ``batch`` leaves
    per transaction (service.append_many; CATCH_UP_BATCH by default). Idempotent: a
    second run adds nothing. Returns the number of leaves added."""
    service.lock_appends()
    check = RowCheck()

    def rows() -> Iterator[tuple[str, int]]:
        for kind in KINDS.values():
            query = select(kind.model.id).order_by(kind.model.id)
            if kind.where is not None:
                query = query.where(kind.where())
            for row_id in db.session.scalars(query).all():
                yield kind.name, row_id

    return _log_current(rows(), check, batch or CATCH_UP_BATCH)


def checkpoint_supports(now: datetime | None = None) -> int:
    """A support checkpoint for each published consultation that is open, or closed in
    the last ``RECENTLY_CLOSED`` (its final counts), whose supports changed since its
    last checkpoint; one that never had a support gets none until it has. Run with each
    signed head (``flask ledger sign-head``, from cron). Commits once; returns how many
    checkpoints it added."""
    now = now or utcnow()
    ids = db.session.scalars(
        select(Consultation.id)
        .where(
            Consultation.published_at.is_not(None),
            Consultation.opens_at <= now,
            Consultation.closes_at > now - RECENTLY_CLOSED,
        )
        .order_by(Consultation.id)
    ).all()
    added = 0
    for consultation_id in ids:
        kind = KINDS["support_checkpoint"]
        canonical = kind.canonical(kind.load(consultation_id))
        logged = leaves_of("support_checkpoint", consultation_id)
        if not logged and canonical["total"] == 0:
            continue
        if logged and logged_content(logged[-1]) == canonical:
            continue
        public = public_id(consultation_id, len(logged) + 1)
        service.append("support_checkpoint", public, canonical)
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


class RowCheck:
    """``changed_since_logged`` for a whole-log check: reads the events that explain later
    changes (engage.ledger.kinds.EXPLAINING_KINDS) once, when the first row differs."""

    def __init__(self) -> None:
        self._explanations: dict[tuple[str, int], list[tuple[int, str, str]]] | None = None

    def __call__(self, leaf: LedgerLeaf) -> str | None:
        return changed_since_logged(leaf, self)

    def explained_by(self, kind: str, row_id: int, after: int, now: dict) -> str | None:
        """The event after leaf ``after`` that left the row as it is ``now``, if any."""
        if self._explanations is None:
            self._explanations = _explanations()
        wanted = digest(now)
        for index, sha256, name in self._explanations.get((kind, row_id), []):
            if index > after and sha256 == wanted:
                return f"{name} (leaf {index})"
        return None


def _explanations() -> dict[tuple[str, int], list[tuple[int, str, str]]]:
    found: dict[tuple[str, int], list[tuple[int, str, str]]] = {}
    query = (
        select(LedgerLeaf).where(LedgerLeaf.kind.in_(EXPLAINING_KINDS)).order_by(LedgerLeaf.index)
    )
    for leaf in db.session.scalars(query):
        name = leaf.kind.replace("_", " ")
        for entry in logged_content(leaf).get("changed", []):
            if isinstance(entry, list) and len(entry) == 3:
                kind, row_id, sha256 = entry
                found.setdefault((kind, row_id), []).append((leaf.index, sha256, name))
    return found


def changed_since_logged(leaf: LedgerLeaf, check: RowCheck | None = None) -> str | None:
    """Why the live database disagrees with this leaf, or None when it agrees; an
    ``Explained`` reason when an event the log records changed the row.

    Only a row's latest logged version is compared with the row: an earlier one was
    superseded by a later leaf, which is what logging a change means."""
    parsed = parse_public_id(leaf.public_id)
    if leaf.kind not in KINDS or parsed is None:
        return f"leaf {leaf.index}: unknown event {leaf.kind} {leaf.public_id}"
    row_id, version = parsed
    if service.leaf_for(leaf.kind, public_id(row_id, version + 1)) is not None:
        return None
    return _compare(leaf, row_id, check or RowCheck())


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
    check = RowCheck()
    for (_kind, row_id), leaf in latest.items():
        reason = _compare(leaf, row_id, check)
        if reason:
            yield reason


def _compare(leaf: LedgerLeaf, row_id: int, check: RowCheck) -> str | None:
    kind = KINDS[leaf.kind]
    row = kind.load(row_id)
    name = f"{leaf.kind.replace('_', ' ')} {row_id} (leaf {leaf.index})"
    if row is None or not kind.loggable(row):
        return f"{name}: the row is gone or no longer public"
    if not kind.settled(row, leaf):
        return None
    now = kind.canonical(row)
    before = logged_content(leaf)
    if now == before:
        return None
    event = check.explained_by(leaf.kind, row_id, leaf.index, now)
    if event is not None:
        return Explained(f"{name} changed by a recorded event: {event}")
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
