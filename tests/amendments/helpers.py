"""Shared steps for amendment tests: a published draft and the clause page's URLs."""

from __future__ import annotations

from engage.drafts.queries import clause_by_number

MARKDOWN = (
    "# Scope\n\nThis policy covers cameras.\n\nIt applies to the police.\n\n"
    "# Limits\n\nNo live matching in public places.\n\nEvery search is logged."
)


def published_draft(factories, official=None):
    """A consultation (open) with a draft published once: clauses 1-4, clause 3 is
    "No live matching in public places."."""
    official = official or factories.user("official", name="Ola Official")
    consultation = factories.consultation("open", official=official)
    draft = factories.draft(consultation, MARKDOWN, official=official)
    return draft, official


def clause(draft, number: int):
    return clause_by_number(draft, number)


def clause_url(draft, number: int) -> str:
    return f"/consultations/{draft.consultation.slug}/draft/clauses/{number}"


def out_of_date_amendment(factories):
    """An open amendment to clause 1 written against version 1, after version 2 changed it."""
    from engage.drafts import service
    from engage.extensions import db

    draft = factories.draft()
    amendment = factories.amendment(clause_by_number(draft, 1))
    official = factories.user("official")
    service.edit_clause(clause_by_number(draft, 1), official, "A newer text.")
    service.publish_version(draft, official, "Newer")
    db.session.commit()
    return amendment
