"""Receipts: a resident's proof that their submission is in the public record, and the
check the transparency page runs on a receipt someone pastes.

A receipt (JSON, ``RECEIPT_VERSION``) holds the leaf (its index, kind, public id, the
exact ``entry`` hashed and ``leaf_hash``), the ``content`` whose SHA-256 the entry
logs, the latest signed head when it includes the leaf (else null, with
``next_head_due``), the inclusion proof into that head, and the site's public key. It
stays valid whatever happens to the submission later (edits, moderation): it proves
what was logged and when, and the log only grows.

``check`` never raises on bad input: it answers ``Check(valid, reasons, …)`` so the page
can say "not valid, because …".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from engage.ledger import events, service, signing
from engage.ledger.kinds import digest
from engage.ledger.models import LedgerHead, LedgerLeaf
from engage.ledger.verify_receipt import (
    ProofError,
    leaf_hash,
    verify_consistency,
    verify_head_signature,
    verify_inclusion,
)

RECEIPT_VERSION = 1
MAX_RECEIPT_BYTES = 256 * 1024
DEFAULT_HEAD_MINUTES = 10


def head_minutes() -> int:
    return int(current_app.config.get("LEDGER_HEAD_INTERVAL_MINUTES", DEFAULT_HEAD_MINUTES))


def next_head_due(latest: LedgerHead | None) -> datetime:
    """Heads are signed every few minutes (``flask ledger sign-head`` from cron)."""
    now = datetime.now(UTC)
    if latest is None:
        return now + timedelta(minutes=head_minutes())
    return max(now, latest.signed_at + timedelta(minutes=head_minutes()))


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def build(leaf: LedgerLeaf) -> dict:
    """The receipt for ``leaf`` against the latest signed head."""
    head = service.latest_head()
    included = head is not None and head.tree_size > leaf.index
    return {
        "receipt_version": RECEIPT_VERSION,
        "leaf": {
            "index": leaf.index,
            "kind": leaf.kind,
            "public_id": leaf.public_id,
            "entry": leaf.entry,
            "leaf_hash": bytes(leaf.leaf_hash).hex(),
            "logged_at": _iso(leaf.created_at),
        },
        "content": events.content_for_leaf(leaf),
        "tree_size": head.tree_size if included else None,
        "head": service.head_json(head) if included else None,
        "inclusion_proof": [p.hex() for p in service.inclusion_proof(leaf.index, head.tree_size)]
        if included
        else [],
        "next_head_due": None if included else _iso(next_head_due(head)),
        "public_key": signing.public_key_bytes().hex(),
    }


def to_json(receipt: dict) -> str:
    return json.dumps(receipt, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass
class Check:
    valid: bool
    reasons: list[str] = field(default_factory=list)
    leaf_index: int | None = None
    kind: str | None = None
    public_id: str | None = None
    receipt_head_size: int | None = None
    latest_head: dict | None = None
    included_in_latest: bool = False
    pending: bool = False  # the leaf is real but no head includes it yet


class _Invalid(Exception):
    pass


def _hex(value, what: str, size: int | None = None) -> bytes:
    try:
        raw = bytes.fromhex(value)
    except (TypeError, ValueError):
        raise _Invalid(_("%(what)s is not hexadecimal.", what=what)) from None
    if size is not None and len(raw) != size:
        raise _Invalid(_("%(what)s has the wrong length.", what=what))
    return raw


MAX_NUMBER = 2**62  # far beyond any log; keeps database integers in range


def _int(value, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < MAX_NUMBER:
        raise _Invalid(_("%(what)s is not a whole number.", what=what))
    return value


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise _Invalid(_("%(what)s is missing.", what=what))
    return value


def check(text: str | bytes) -> Check:
    """Check a receipt against this site's log and its latest signed head."""
    try:
        return _check(text)
    except _Invalid as reason:
        return Check(valid=False, reasons=[str(reason)])


def _check(text: str | bytes) -> Check:
    if isinstance(text, bytes):
        if len(text) > MAX_RECEIPT_BYTES:
            raise _Invalid(_("it is too large to be a receipt."))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _Invalid(_("it is not text (UTF-8).")) from None
    if not text.strip():
        raise _Invalid(_("it is empty."))
    try:
        receipt = json.loads(text)
    except ValueError:
        raise _Invalid(_("it is not JSON.")) from None
    if not isinstance(receipt, dict) or receipt.get("receipt_version") != RECEIPT_VERSION:
        raise _Invalid(_("it is not an Engage receipt of a version this site knows."))
    leaf = _object(receipt.get("leaf"), _("the leaf"))
    index = _int(leaf.get("index"), _("the leaf's index"))
    entry = leaf.get("entry")
    if not isinstance(entry, str):
        raise _Invalid(_("the leaf has no entry."))
    claimed = _hex(leaf.get("leaf_hash"), _("the leaf hash"), 32)
    if leaf_hash(entry.encode()) != claimed:
        raise _Invalid(_("the leaf hash is not the hash of the entry: the entry was changed."))
    result = Check(valid=False, leaf_index=index)
    _check_entry(entry, leaf, receipt.get("content"), result)

    latest = service.latest_head()
    key = signing.public_key_bytes()
    if (
        receipt.get("public_key") is not None
        and _hex(receipt["public_key"], _("the public key"), 32) != key
    ):
        raise _Invalid(_("it was signed with another key than this site's."))
    head = receipt.get("head")
    if head is not None:
        size = _check_receipt_head(_object(head, _("the head")), receipt, index, claimed, key)
        result.receipt_head_size = size
    else:
        size = None
    if latest is None:
        if size is not None:
            raise _Invalid(_("this site has signed no head, so the receipt's head is not its."))
        result.pending = True
        result.valid = True
        return result
    result.latest_head = service.head_json(latest)
    if latest.tree_size <= index:
        if size is not None:
            raise _Invalid(_("its head is larger than this site's latest head."))
        # Not in any signed head yet: the leaf must at least be the one logged here.
        logged = service.leaf_at(index)
        if logged is None or bytes(logged.leaf_hash) != claimed:
            raise _Invalid(_("this site's log has no such entry."))
        result.pending = True
        result.valid = True
        return result
    _check_against_latest(latest, index, claimed, size, receipt, result)
    result.valid = True
    result.included_in_latest = True
    return result


def _check_entry(entry: str, leaf: dict, content, result: Check) -> None:
    try:
        parsed = json.loads(entry)
    except ValueError:
        raise _Invalid(_("the entry is not JSON.")) from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("content"), dict):
        raise _Invalid(_("the entry is not an Engage log entry."))
    if parsed.get("kind") != leaf.get("kind") or parsed.get("id") != leaf.get("public_id"):
        raise _Invalid(_("the entry is for another event than the receipt says."))
    result.kind, result.public_id = parsed.get("kind"), parsed.get("id")
    wanted = parsed["content"].get("content_sha256")
    if content is not None and (not isinstance(content, dict) or digest(content) != wanted):
        raise _Invalid(_("the text in the receipt is not the text whose hash was logged."))


def _check_receipt_head(head: dict, receipt: dict, index: int, leaf: bytes, key: bytes) -> int:
    size = _int(head.get("tree_size"), _("the head's tree size"))
    timestamp = _int(head.get("timestamp"), _("the head's time"))
    root = _hex(head.get("root_hash"), _("the head's root hash"), 32)
    signature = _hex(head.get("signature"), _("the head's signature"), 64)
    try:
        verify_head_signature(key, size, timestamp, root, signature)
    except ProofError:
        raise _Invalid(
            _("the head's signature is not this site's: the head was altered.")
        ) from None
    proof = receipt.get("inclusion_proof")
    if not isinstance(proof, list):
        raise _Invalid(_("the inclusion proof is missing."))
    steps = [_hex(p, _("a step of the inclusion proof"), 32) for p in proof]
    try:
        verify_inclusion(index, size, leaf, steps, root)
    except ProofError:
        raise _Invalid(
            _("the inclusion proof does not lead to the head's root: it is for another tree.")
        ) from None
    return size


def _check_against_latest(
    latest: LedgerHead, index: int, leaf: bytes, size: int | None, receipt: dict, result: Check
) -> None:
    latest_root = bytes(latest.root_hash)
    if size is not None:
        if size > latest.tree_size:
            raise _Invalid(_("its head is larger than this site's latest head."))
        earlier_root = bytes.fromhex(receipt["head"]["root_hash"])
        try:
            verify_consistency(
                size,
                latest.tree_size,
                earlier_root,
                latest_root,
                service.consistency_proof(size, latest.tree_size),
            )
        except (ProofError, ValueError):
            raise _Invalid(
                _("this site's log today does not extend the head in the receipt.")
            ) from None
    try:
        verify_inclusion(
            index,
            latest.tree_size,
            leaf,
            service.inclusion_proof(index, latest.tree_size),
            latest_root,
        )
    except (ProofError, ValueError):
        raise _Invalid(_("the entry is not in this site's latest signed head.")) from None
