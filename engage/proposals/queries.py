"""Reading proposals for the consultation page and the proposal page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from engage.extensions import db
from engage.moderation import visibility
from engage.proposals.models import Proposal, ProposalVersion, withdrawn_last

PER_PAGE = 10
SORTS = ("supported", "newest")


@dataclass
class ProposalList:
    items: list[Proposal]
    total: int
    page: int
    pages: int
    sort: str


def for_consultation(
    consultation: Any, sort: str = "supported", page: int = 1, viewer: Any = None
) -> ProposalList:
    """One page of a consultation's proposals; withdrawn ones last, still listed. Held ones
    (pending review) only for their author and moderators; hidden ones as placeholders."""
    sort = sort if sort in SORTS else "supported"
    total = consultation.proposal_count
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    p = Proposal
    order = [withdrawn_last(p.status)]
    order += [p.support_count.desc(), p.id.desc()] if sort == "supported" else [p.id.desc()]
    query = (
        select(p)
        .where(
            p.consultation_id == consultation.id,
            visibility.listed_condition(p, viewer, p.visibility),
        )
        # The consultation is already loaded: no need to join it again for every row.
        .options(lazyload(p.consultation))
        .order_by(*order)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    items = list(db.session.scalars(query).unique())
    visibility.prime(items)
    return ProposalList(items=items, total=total, page=page, pages=pages, sort=sort)


def version(proposal: Proposal, number: int) -> ProposalVersion | None:
    query = select(ProposalVersion).where(
        ProposalVersion.proposal_id == proposal.id, ProposalVersion.number == number
    )
    return db.session.scalar(query)


def versions(proposal: Proposal) -> list[ProposalVersion]:
    query = (
        select(ProposalVersion)
        .where(ProposalVersion.proposal_id == proposal.id)
        .order_by(ProposalVersion.number.desc())
    )
    return list(db.session.scalars(query).unique())
