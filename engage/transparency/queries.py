"""Reads for the transparency pages: signed heads, and a person's own contributions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engage.amendments.models import Amendment
from engage.comments.models import Comment
from engage.extensions import db
from engage.ledger.models import LedgerHead
from engage.opinion_map.models import OpinionStatement
from engage.pagination import KeysetPage, keyset_page
from engage.proposals.models import Proposal
from engage.surveys.models import SurveyResponse

HEADS_PER_PAGE = 20
CONTRIBUTIONS_PER_PAGE = 20

# The submissions a person can hold a receipt for, as listed on "Your contributions".
CONTRIBUTION_KINDS: dict[str, Any] = {
    "comment": Comment,
    "proposal": Proposal,
    "amendment": Amendment,
    "opinion_statement": OpinionStatement,
    "survey_response": SurveyResponse,
}


def _author(model: Any):
    """The column naming who sent it (a survey response's respondent)."""
    return model.respondent_id if model is SurveyResponse else model.author_id


def heads_page(after: int | None) -> KeysetPage:
    return keyset_page(select(LedgerHead), LedgerHead.id, after, HEADS_PER_PAGE)


def contributions_page(user: Any, kind: str, after: int | None) -> KeysetPage:
    model = CONTRIBUTION_KINDS[kind]
    query = select(model).where(_author(model) == user.id)
    if model is SurveyResponse:  # answers saved to finish later are not sent yet
        query = query.where(SurveyResponse.submitted_at.is_not(None))
    return keyset_page(query, model.id, after, CONTRIBUTIONS_PER_PAGE)


@dataclass
class Own:
    kind: str
    item: Any


def own_contribution(user: Any, kind: str, item_id: int) -> Own | None:
    """The person's own submission of this kind, whatever moderation did to it since."""
    model = CONTRIBUTION_KINDS.get(kind)
    if model is None:
        return None
    item = db.session.get(model, item_id)
    if item is None or getattr(item, _author(model).key) != user.id:
        return None
    return Own(kind, item)
