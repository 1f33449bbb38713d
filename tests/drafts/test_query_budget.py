"""The draft's pages cost a fixed number of SQL queries, pinned here, with 20 clauses or 200.

To pin more data (amendments, comments), grow it in ``_world`` and keep the counts equal.
"""

from __future__ import annotations

import pytest

from engage.drafts import queries, service
from engage.extensions import db
from tests.factories import login
from tests.queries import count_queries

# For a signed-in resident: the signed-in user and their roles, the consultation (and its
# official's roles), the draft, its versions (and the publisher's roles), one version's
# clauses (two for a diff), the live clauses for the counts beside them; the clause page
# reads its history, comments (3) and amendments instead. Raise a number only with a reason.
# Fewer since issue 23: the reader's roles come with their session, and the roles of
# the people a page names are not loaded.
PINNED = {
    "draft": 7,
    "version 1": 7,
    "changes 1 to 2": 7,
    "whole document 1 to 2": 7,
    "clause": 9,
    "printable": 5,
}


def _document(n: int) -> str:
    parts = []
    for i in range(1, n + 1):
        if i % 10 == 1:
            parts.append(f"# Part {i // 10 + 1}")
        parts.append(f"Clause text number {i} about cameras, records and oversight.")
    return "\n\n".join(parts)


def _world(factories, n: int):
    official = factories.user("official")
    consultation = factories.consultation(official=official)
    draft = service.create_draft(consultation, official, "Rules")
    service.import_markdown(draft, official, _document(n))
    service.publish_version(draft, official, "First")
    for number in range(1, n + 1, 10):
        clause = queries.clause_by_number(draft, number)
        service.edit_clause(clause, official, clause.text + " Changed.")
    service.publish_version(draft, official, "Second")
    db.session.commit()
    for i in range(3):
        factories.comment(queries.clause_by_number(draft, 1), body=f"Comment {i}")
    return consultation


def _urls(slug: str) -> dict[str, str]:
    base = f"/consultations/{slug}/draft"
    return {
        "draft": base,
        "version 1": f"{base}/versions/1",
        "changes 1 to 2": f"{base}/diff?from=1&to=2",
        "whole document 1 to 2": f"{base}/diff?from=1&to=2&view=all",
        "clause": f"{base}/clauses/1",
        "printable": f"{base}/print?version=2",
    }


def _counts(client, slug: str) -> dict[str, int]:
    counts = {}
    for name, url in _urls(slug).items():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200, url
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("clauses", [20, 200])
def test_draft_pages_have_pinned_query_counts(client, factories, clauses):
    consultation = _world(factories, clauses)
    login(client, factories.user())
    assert _counts(client, consultation.slug) == PINNED
