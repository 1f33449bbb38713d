"""Recording assisted input: one item from the form, or many from a CSV import.

The recording official is the author (accountable, and able to correct a typing
mistake); ``submitted_for_name`` says whose input it is. Counters, search and threshold
rules are those of online input: the proposals and comments services do the writing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from engage.assisted.csv_import import Parsed, Rejection, Row
from engage.assisted.models import CsvImport
from engage.audit.service import record
from engage.channels import ASSISTED_CHANNELS
from engage.comments.models import Comment, CommentStatus
from engage.comments.service import post_comment
from engage.comments.targets import Target
from engage.extensions import db
from engage.proposals import service as proposals_service
from engage.proposals.models import Proposal, ProposalStatus


@dataclass
class Repeat:
    """A row already recorded: the same person (or anonymous), channel and words as an
    existing item (``kind`` and ``item_id``), or, for a named person, as an earlier
    ``line`` of the same file."""

    row: Row
    kind: str | None = None
    item_id: int | None = None
    line: int | None = None


@dataclass
class ImportCheck:
    """What an upload repeats: earlier imports of the very same file, and rows already
    recorded. Found before anything is added, so the official can choose."""

    sha256: str
    earlier: list[CsvImport] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.earlier or self.repeats)

    def new_rows(self, parsed: Parsed) -> int:
        return len(parsed.rows) - len(self.repeats)


@dataclass
class ImportResult:
    filename: str
    imported: list[tuple[Row, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    skipped: list[Repeat] = field(default_factory=list)

    @property
    def proposals(self) -> int:
        return sum(row.kind == "proposal" for row, _item in self.imported)

    @property
    def comments(self) -> int:
        return sum(row.kind == "comment" for row, _item in self.imported)

    def by_channel(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row, _item in self.imported:
            counts[row.channel] = counts.get(row.channel, 0) + 1
        return counts


def _label(item: Any, channel: str, name: str, received_on: date | None) -> None:
    item.channel = channel
    item.submitted_for_name = name or None
    item.received_on = received_on


def find_proposal(consultation: Any, proposal_id: int) -> Proposal | None:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.consultation_id != consultation.id:
        return None
    return proposal


def proposals_to_comment_on(consultation: Any) -> list[Proposal]:
    query = (
        select(Proposal)
        .where(
            Proposal.consultation_id == consultation.id, Proposal.status != ProposalStatus.WITHDRAWN
        )
        .order_by(Proposal.id)
    )
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class Received:
    """One proposal or comment received on paper, by phone or at an event: what the form
    and each row of an import describe. A comment goes on ``proposal``, or on the
    consultation itself when that is None."""

    kind: str
    title: str
    body: str
    channel: str
    name: str = ""
    received_on: date | None = None
    proposal: Proposal | None = None


def _add(official: Any, consultation: Any, received: Received) -> Proposal | Comment:
    if received.kind == "proposal":
        item = proposals_service.create(official, consultation, received.title, received.body)
    else:
        target = (
            Target("proposal", received.proposal, consultation)
            if received.proposal is not None
            else Target("consultation", consultation, consultation)
        )
        item = post_comment(official, target, received.body)
    _label(item, received.channel, received.name, received.received_on)
    db.session.flush()
    return item


def record_input(official: Any, consultation: Any, received: Received) -> Proposal | Comment:
    """One proposal or comment received on paper, by phone or at an event; audit-logged."""
    item = _add(official, consultation, received)
    record(
        official,
        f"assisted.{received.kind}_recorded",
        received.kind,
        item.id,
        after={
            "consultation_id": consultation.id,
            "channel": received.channel,
            "submitted_for_name": received.name or None,
            "received_on": received.received_on.isoformat() if received.received_on else None,
            "proposal_id": received.proposal.id if received.proposal else None,
        },
    )
    return item


def _key(kind: str, name: str | None, channel: str, body: str) -> tuple[str, str, str, str]:
    return (kind, name or "", channel, body)


def _recorded(consultation: Any, parsed: Parsed) -> dict[tuple, tuple[str, int]]:
    """Assisted items of this consultation with the words of some row (two queries)."""
    found: dict[tuple, tuple[str, int]] = {}
    for kind, model, extra in (
        ("proposal", Proposal, ()),
        ("comment", Comment, (Comment.status != CommentStatus.DELETED,)),
    ):
        bodies = {row.body for row in parsed.rows if row.kind == kind}
        if not bodies:
            continue
        rows = db.session.execute(
            select(model.id, model.submitted_for_name, model.channel, model.body)
            .where(
                model.consultation_id == consultation.id,
                model.channel.in_(ASSISTED_CHANNELS),
                model.body.in_(bodies),
                *extra,
            )
            .order_by(model.id)
        )
        for item_id, name, channel, body in rows:
            found.setdefault(_key(kind, name, channel, body), (kind, item_id))
    return found


def check_import(consultation: Any, data: bytes, parsed: Parsed) -> ImportCheck:
    """Has this file been imported here before, and which rows are recorded already?"""
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = db.session.scalars(
        select(CsvImport)
        .where(CsvImport.consultation_id == consultation.id, CsvImport.sha256 == sha256)
        .order_by(CsvImport.id)
    )
    check = ImportCheck(sha256=sha256, earlier=list(earlier))
    recorded = _recorded(consultation, parsed)
    lines: dict[tuple, int] = {}
    for row in parsed.rows:
        key = _key(row.kind, row.name, row.channel, row.body)
        if key in recorded:
            kind, item_id = recorded[key]
            check.repeats.append(Repeat(row, kind=kind, item_id=item_id))
        elif row.name and key in lines:
            # Within one file only a named person repeats: identical anonymous rows are
            # separate postcards or calls (a campaign), each received once.
            check.repeats.append(Repeat(row, line=lines[key]))
        else:
            lines.setdefault(key, row.line)
    return check


def import_rows(
    official: Any,
    consultation: Any,
    filename: str,
    parsed: Parsed,
    check: ImportCheck,
    include_repeats: bool = False,
) -> ImportResult:
    """Add every good row, and the repeated ones only if the official chose to; the file's
    hash is kept, and the audit log gets one entry with the counts and the lines left out."""
    result = ImportResult(filename=filename, rejected=list(parsed.rejected))
    skip = set() if include_repeats else {repeat.row.line for repeat in check.repeats}
    result.skipped = [repeat for repeat in check.repeats if repeat.row.line in skip]
    for row in parsed.rows:
        if row.line in skip:
            continue
        proposal = find_proposal(consultation, row.proposal_id) if row.proposal_id else None
        received = Received(
            row.kind, row.title, row.body, row.channel, row.name, row.received_on, proposal
        )
        item = _add(official, consultation, received)
        result.imported.append((row, item))
    record(
        official,
        "assisted.csv_imported",
        "consultation",
        consultation.id,
        after={
            "file": filename,
            "imported": len(result.imported),
            "proposals": result.proposals,
            "comments": result.comments,
            "by_channel": result.by_channel(),
            "rejected": len(result.rejected),
            "rejected_lines": [r.line for r in result.rejected],
            "repeated_lines_skipped": [r.row.line for r in result.skipped],
            "repeated_lines_imported": (
                [r.row.line for r in check.repeats] if include_repeats else []
            ),
            "repeated_file": bool(check.earlier),
            "sha256": check.sha256,
            "ids": [[row.kind, item.id] for row, item in result.imported],
        },
    )
    db.session.add(
        CsvImport(
            consultation_id=consultation.id,
            sha256=check.sha256,
            filename=filename[:255],
            official_id=official.id,
            imported=len(result.imported),
        )
    )
    db.session.flush()
    return result
