"""Clauses as comment targets (registered with engage.comments.targets in engage.wiring)."""

from __future__ import annotations

from engage.drafts.models import CLAUSE, Clause
from engage.drafts.queries import is_public
from engage.extensions import db


def public_clause(clause_id: int) -> Clause | None:
    """The clause if anyone may read and comment on it: a clause (not a section heading)
    that is part of a published version. Pages that already know set ``clause.published``."""
    clause = db.session.get(Clause, clause_id)
    if clause is None or clause.kind != CLAUSE:
        return None
    if getattr(clause, "published", None) is None:
        clause.published = is_public(clause)
    return clause if clause.published else None


def clause_consultation(clause: Clause):
    return clause.draft.consultation
