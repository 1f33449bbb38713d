"""The draft, diff, clause, amendment and amendment-list pages cost the same number of SQL
queries with 10 clauses and 20 amendments as with 200 clauses and 2,000 amendments."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from engage.amendments import service as amendments
from engage.amendments.models import Amendment, AmendmentStatus
from engage.database import utcnow
from engage.drafts.models import Clause
from engage.drafts.queries import clause_by_number
from engage.extensions import db
from tests.factories import login
from tests.queries import count_queries

PAGE_CEILING = 15


def _world(factories, clauses: int, total_amendments: int):
    """A draft of ``clauses`` clauses (a section every 10), v1 and v2 where v2 accepts an
    amendment to clause 3, and ``total_amendments`` amendments in every state."""
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    parts = []
    for n in range(1, clauses + 1):
        if n % 10 == 1:
            parts.append(f"# Part {n // 10 + 1}")
        parts.append(f"Clause number {n} says something **important** about cameras.")
    draft = factories.draft(consultation, "\n\n".join(parts), official=official)
    authors = [factories.user() for _ in range(5)]
    first = factories.amendment(
        clause_by_number(draft, 3), author=authors[0], text="Clause three, amended."
    )
    amendments.accept(official, first, "Accepted.")
    db.session.commit()
    ids = db.session.scalars(
        select(Clause.id).where(Clause.draft_id == draft.id, Clause.kind == "clause")
    ).all()
    now = utcnow()
    rows = [
        {
            "draft_id": draft.id,
            "clause_id": ids[i % len(ids)],
            "consultation_id": consultation.id,
            "author_id": authors[i % 5].id,
            "kind": "replace",
            "text": f"New text {i}",
            "rationale": "Because.",
            "based_on_version_number": 1,
            "based_on_text": "Old text",
            "status": tuple(AmendmentStatus)[i % 4],
            "decision_reason": "Reason" if i % 4 == 2 else "",
            "visibility": "visible",
            "support_count": i % 7,
            "comment_count": i % 3,
            "created_at": now,
        }
        for i in range(total_amendments - 1)
    ]
    db.session.execute(insert(Amendment), rows)
    per_clause = (total_amendments - 1) // len(ids) + 1
    db.session.execute(
        update(Clause).where(Clause.draft_id == draft.id).values(amendment_count=per_clause)
    )
    db.session.commit()
    return draft, first


def _queries(client, url: str) -> int:
    client.get(url)  # warm what a running server has warm
    db.session.expire_all()
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def _urls(draft, first) -> dict[str, str]:
    base = f"/consultations/{draft.consultation.slug}/draft"
    return {
        "draft": base,
        "version 1": f"{base}/versions/1",
        "diff": f"{base}/diff?from=1&to=2",
        "diff, whole document": f"{base}/diff?from=1&to=2&view=all",
        "clause": f"{base}/clauses/3",
        "amendments": f"{base}/amendments",
        "amendments, rejected": f"{base}/amendments?status=rejected",
        "amendments of a clause": f"{base}/amendments?clause=3",
        "amendment": f"/amendments/{first.id}",
    }


def test_pages_cost_the_same_with_200_clauses_and_2000_amendments(client, factories):
    login(client, factories.user())
    counts = {}
    for size, (clauses, total) in {"small": (10, 20), "large": (200, 2000)}.items():
        draft, first = _world(factories, clauses, total)
        counts[size] = {name: _queries(client, url) for name, url in _urls(draft, first).items()}
    assert counts["large"] == counts["small"]
    assert max(counts["large"].values()) <= PAGE_CEILING, counts["large"]
