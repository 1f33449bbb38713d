"""The demo draft: twelve clauses in five sections, two versions a small change apart,
comments on clauses; a second run adds nothing."""

from __future__ import annotations

from engage.demo.drafts import seed_draft
from engage.drafts import diff, queries


def test_demo_draft(factories):
    official = factories.user("official")
    consultation = factories.consultation(official=official)
    residents = [factories.user() for _ in range(5)]
    draft = seed_draft(consultation, official, residents)
    parts = queries.working_copy(draft)
    assert sum(p.kind == "clause" for p in parts) == 12
    assert sum(p.kind == "section" for p in parts) == 5
    assert draft.current_version_number == 2
    v1, v2 = (queries.version_clauses(queries.version(draft, n)) for n in (1, 2))
    changes = [c for c in diff.compare(v1, v2) if c.changed]
    assert [(c.number, c.status) for c in changes] == [(7, "changed")]
    assert "[removed: </span>90<" in changes[0].html and "[added: </span>30<" in changes[0].html
    assert queries.clause_by_number(draft, 7).comment_count == 2
    assert sum(p.comment_count for p in parts) == 6
    assert seed_draft(consultation, official, residents) is draft
