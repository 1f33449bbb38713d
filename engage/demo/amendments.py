"""Demo amendments on the facial recognition draft: some open (one out of date), one
accepted (publishing a new version credited to it), one rejected with its reason, one
withdrawn; with supports and a comment. Written through the services. Idempotent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from engage.amendments import service
from engage.amendments.models import Amendment
from engage.comments import service as comments
from engage.comments.targets import Target
from engage.drafts import queries as drafts
from engage.extensions import db


def seed_amendments(consultation: Any, official: Any, residents: list) -> None:
    draft = drafts.draft_for(consultation)
    if draft is None or not draft.is_published:
        return
    if db.session.scalar(select(Amendment.id).where(Amendment.draft_id == draft.id).limit(1)):
        return
    people = [residents[i % len(residents)] for i in range(6)]

    def clause(number):
        return drafts.clause_by_number(draft, number)

    protests = service.create(
        people[2],
        clause(4),
        "replace",
        "Live facial recognition in public spaces, at protests and in stations and shopping "
        "centres is not permitted.",
        "Protests and busy private places need the same protection as the street.",
    )
    for supporter in people[3:6]:
        service.support(supporter, protests)
    comments.post_comment(
        people[0],
        Target(kind="amendment", obj=protests, consultation=consultation),
        "Yes: most big protests here end at the station.",
    )
    service.create(
        people[1],
        clause(12),
        "insert_after",
        "The log itself, with names removed, is published every quarter.",
        "A yearly report is too late to notice a problem.",
    )
    _out_of_date(draft, people[3], clause(7))
    monthly = service.create(
        people[4],
        clause(11),
        "replace",
        "Every search is logged with the officer, the reason and the result, and the "
        "Independent Oversight Board audits the log every month.",
        "Three months is too long between checks.",
    )
    service.support(people[0], monthly)
    rejected = service.create(
        people[5], clause(8), "delete", "", "A watchlist should not exist at all."
    )
    withdrawn = service.create(
        people[0], clause(2), "replace", "It applies to every officer.", "Shorter."
    )
    service.withdraw(people[0], withdrawn)
    service.reject(
        official,
        rejected,
        "Without a watchlist, judges could not authorise "
        "a search for a named suspect; the monthly review limits who is on it.",
    )
    service.accept(official, monthly, "Audits every month, as proposed in the amendment.")
    db.session.flush()


def _out_of_date(draft: Any, author: Any, retention: Any) -> None:
    """An amendment written against version 1 (90 days), before version 2 changed it."""
    first = drafts.version(draft, 1)
    old = next(c.text for c in drafts.version_clauses(first) if c.clause_id == retention.id)
    amendment = service.create(
        author,
        retention,
        "replace",
        old.replace("90 days", "14 days"),
        "Two weeks is enough to decide whether something is evidence.",
    )
    amendment.based_on_version_number, amendment.based_on_text = 1, old
