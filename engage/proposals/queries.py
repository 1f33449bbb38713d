"""Reading proposals for the consultation page and the proposal page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from engage.extensions import db
from engage.moderation import visibility
from engage.moderation.models import Visibility
from engage.proposals.models import Proposal, ProposalStatus, ProposalVersion, withdrawn_last

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


def top_for_consultation(consultation: Any, limit: int = 3) -> list[Proposal]:
    """The most supported proposals anyone may read (published, not withdrawn), for the
    consultation's summary: the same for every reader."""
    p = Proposal
    query = (
        select(p)
        .where(
            p.consultation_id == consultation.id,
            p.visibility == Visibility.VISIBLE,
            p.status != ProposalStatus.WITHDRAWN,
        )
        # Only titles and counts are shown: no consultation, no author.
        .options(lazyload(p.consultation), lazyload(p.author))
        .order_by(p.support_count.desc(), p.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


def support_total(consultation: Any) -> int:
    """Supports given to the consultation's proposals that anyone may read."""
    query = select(func.coalesce(func.sum(Proposal.support_count), 0)).where(
        Proposal.consultation_id == consultation.id, Proposal.visibility == Visibility.VISIBLE
    )
    return int(db.session.scalar(query) or 0)


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
