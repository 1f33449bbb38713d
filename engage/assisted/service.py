"""Recording assisted input: one item from the form, or many from a CSV import.

The recording official is the author (accountable, and able to correct a typing
mistake); ``submitted_for_name`` says whose input it is. Counters, search and threshold
rules are those of online input: the proposals and comments services do the writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from engage.assisted.csv_import import Parsed, Rejection, Row
from engage.audit.service import record
from engage.comments.models import Comment
from engage.comments.service import post_comment
from engage.comments.targets import Target
from engage.extensions import db
from engage.proposals import service as proposals_service
from engage.proposals.models import Proposal, ProposalStatus


@dataclass
class ImportResult:
    filename: str
    imported: list[tuple[Row, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

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


def _add(
    official: Any,
    consultation: Any,
    kind: str,
    title: str,
    body: str,
    channel: str,
    name: str,
    received_on: date | None,
    proposal: Proposal | None = None,
):
    if kind == "proposal":
        item = proposals_service.create(official, consultation, title, body)
    else:
        target = (
            Target("proposal", proposal, consultation)
            if proposal is not None
            else Target("consultation", consultation, consultation)
        )
        item = post_comment(official, target, body)
    _label(item, channel, name, received_on)
    db.session.flush()
    return item


def record_input(
    official: Any,
    consultation: Any,
    kind: str,
    title: str,
    body: str,
    channel: str,
    name: str = "",
    received_on: date | None = None,
    proposal: Proposal | None = None,
) -> Proposal | Comment:
    """One proposal or comment received on paper, by phone or at an event; audit-logged."""
    item = _add(official, consultation, kind, title, body, channel, name, received_on, proposal)
    record(
        official,
        f"assisted.{kind}_recorded",
        kind,
        item.id,
        after={
            "consultation_id": consultation.id,
            "channel": channel,
            "submitted_for_name": name or None,
            "received_on": received_on.isoformat() if received_on else None,
            "proposal_id": proposal.id if proposal else None,
        },
    )
    return item


def import_rows(official: Any, consultation: Any, filename: str, parsed: Parsed) -> ImportResult:
    """Add every good row; the audit log gets one entry with the counts and rejected lines."""
    result = ImportResult(filename=filename, rejected=list(parsed.rejected))
    for row in parsed.rows:
        proposal = find_proposal(consultation, row.proposal_id) if row.proposal_id else None
        item = _add(
            official,
            consultation,
            row.kind,
            row.title,
            row.body,
            row.channel,
            row.name,
            row.received_on,
            proposal,
        )
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
            "ids": [[row.kind, item.id] for row, item in result.imported],
        },
    )
    return result
