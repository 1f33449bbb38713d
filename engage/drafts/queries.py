"""Reading drafts: the working copy, published versions, one clause's history.

Each page reads a fixed number of queries however many clauses the draft has.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from engage.drafts.models import CLAUSE, Clause, ClauseVersion, Draft, DraftVersion
from engage.extensions import db


def draft_for(consultation: Any) -> Draft | None:
    draft = db.session.scalar(select(Draft).where(Draft.consultation_id == consultation.id))
    if draft is not None and "consultation" not in draft.__dict__:
        # The draft holds on to the consultation it was found by: otherwise a caller that
        # kept only the draft lets the session drop it and loads it again.
        set_committed_value(draft, "consultation", consultation)
    return draft


def clause_by_number(draft: Draft, number: int, kind: str = CLAUSE) -> Clause | None:
    return db.session.scalar(
        select(Clause).where(
            Clause.draft_id == draft.id, Clause.kind == kind, Clause.number == number
        )
    )


def working_copy(draft: Draft) -> list[Clause]:
    """Every section and clause in order, removed ones included (officials see them struck)."""
    return list(
        db.session.scalars(
            select(Clause).where(Clause.draft_id == draft.id).order_by(Clause.position)
        )
    )


def version(draft: Draft, number: int) -> DraftVersion | None:
    return db.session.scalar(
        select(DraftVersion).where(DraftVersion.draft_id == draft.id, DraftVersion.number == number)
    )


def versions(draft: Draft) -> list[DraftVersion]:
    """All published versions, newest first (a draft has few: one per publication)."""
    return list(
        db.session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft.id)
            .order_by(DraftVersion.number.desc())
        )
    )


def version_clauses(version: DraftVersion) -> list[ClauseVersion]:
    return list(
        db.session.scalars(
            select(ClauseVersion)
            .where(ClauseVersion.draft_version_id == version.id)
            .order_by(ClauseVersion.position)
        )
    )


def counts_by_clause(draft: Draft) -> dict[int, Clause]:
    """Live clauses by id: their comment and amendment counts sit beside each version's text."""
    return {c.id: c for c in working_copy(draft)}


def clause_history(clause: Clause) -> list[tuple[int, ClauseVersion]]:
    """(version number, the clause as it stood) for every version the clause appears in."""
    rows = db.session.execute(
        select(DraftVersion.number, ClauseVersion)
        .join(DraftVersion, DraftVersion.id == ClauseVersion.draft_version_id)
        .where(ClauseVersion.clause_id == clause.id)
        .order_by(DraftVersion.number)
    ).all()
    return [(number, snapshot) for number, snapshot in rows]


def is_public(clause: Clause) -> bool:
    """A clause anyone may read: it is part of at least one published version."""
    return (
        db.session.scalar(
            select(ClauseVersion.id).where(ClauseVersion.clause_id == clause.id).limit(1)
        )
        is not None
    )
