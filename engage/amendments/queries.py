"""Reading amendments: one clause's, a whole draft's (keyset pages), and the published text
each was written against. Every function is one query, whatever the numbers."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from engage.amendments.models import Amendment, AmendmentStatus
from engage.drafts.models import Clause, ClauseVersion, Draft, DraftVersion
from engage.extensions import db
from engage.moderation.models import Visibility
from engage.moderation.visibility import listed_condition
from engage.pagination import KeysetPage, keyset_page

PER_PAGE = 20


def published_texts(draft: Draft, clause_ids: list[int]) -> dict[int, str]:
    """Each clause's text in the draft's current version (clauses not in it are missing)."""
    if not clause_ids or not draft.current_version_number:
        return {}
    rows = db.session.execute(
        select(ClauseVersion.clause_id, ClauseVersion.text)
        .join(DraftVersion, DraftVersion.id == ClauseVersion.draft_version_id)
        .where(
            DraftVersion.draft_id == draft.id,
            DraftVersion.number == draft.current_version_number,
            ClauseVersion.clause_id.in_(set(clause_ids)),
        )
    ).all()
    return dict(rows)


def published_text(clause: Clause) -> str | None:
    return published_texts(clause.draft, [clause.id]).get(clause.id)


def _listed(viewer: Any):
    return (
        select(Amendment)
        .where(listed_condition(Amendment, viewer, Amendment.visibility))
        # Lists show the author's name; the clause (and its draft) are known to the page.
        .options(lazyload(Amendment.clause))
    )


def for_clause(clause: Clause, viewer: Any, after: int | None = None) -> KeysetPage:
    query = _listed(viewer).where(Amendment.clause_id == clause.id)
    return keyset_page(query, Amendment.id, after, size=PER_PAGE)


def for_draft(
    draft: Draft,
    viewer: Any,
    status: str | None = None,
    after: int | None = None,
    clause_id: int | None = None,
) -> KeysetPage:
    query = _listed(viewer).where(Amendment.draft_id == draft.id)
    if clause_id is not None:
        query = query.where(Amendment.clause_id == clause_id)
    if status in tuple(AmendmentStatus):
        query = query.where(Amendment.status == status)
    return keyset_page(query, Amendment.id, after, size=PER_PAGE)


def clauses_by_id(draft: Draft, ids: set[int]) -> dict[int, Clause]:
    """The clauses a page of amendments refers to, in one query."""
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Clause)
        .where(Clause.draft_id == draft.id, Clause.id.in_(ids))
        .options(lazyload(Clause.draft))
    )
    return {c.id: c for c in rows}


def status_counts(draft: Draft, viewer: Any, clause_id: int | None = None) -> dict[str, int]:
    query = (
        select(Amendment.status, func.count())
        .where(
            Amendment.draft_id == draft.id,
            listed_condition(Amendment, viewer, Amendment.visibility),
        )
        .group_by(Amendment.status)
    )
    if clause_id is not None:
        query = query.where(Amendment.clause_id == clause_id)
    rows = db.session.execute(query).all()
    return {status: 0 for status in AmendmentStatus} | dict(rows)


def credited(version: Any) -> Amendment | None:
    """The amendment a draft version was published to accept, if any."""
    amendment_id = getattr(version, "credited_amendment_id", None)
    return db.session.get(Amendment, amendment_id) if amendment_id else None


def for_clause_page(clause: Clause) -> KeysetPage:
    """The newest amendments to a clause, for its page (the full list pages on)."""
    page = for_clause(clause, current_user)
    for amendment in page.items:
        set_committed_value(amendment, "clause", clause)  # already loaded: no query per row
    return page


def readable_in_consultation(consultation_id: int) -> int:
    """Amendments anyone may read in a consultation (not held or hidden by moderation)."""
    query = select(func.count(Amendment.id)).where(
        Amendment.consultation_id == consultation_id,
        Amendment.visibility == Visibility.VISIBLE,
    )
    return int(db.session.scalar(query) or 0)
