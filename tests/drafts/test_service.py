"""Drafts: Markdown import, clause-by-clause edits, publishing, immutable versions, diffs."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.drafts import diff, queries, service
from engage.drafts.markdown_import import parse_markdown
from engage.drafts.models import ClauseVersion, DraftVersion, ImmutableVersionError
from engage.extensions import db
from engage.proposals.diff import word_diff


def test_markdown_headings_become_sections_and_paragraphs_clauses():
    parts = parse_markdown(
        "# Purpose\n\nFirst paragraph\ncontinues here.\n\n## Limits\nNo live matching.\n\n"
        "- a list\n- stays whole\n\n   \n"
    )
    assert parts == [
        ("section", "Purpose"),
        ("clause", "First paragraph\ncontinues here."),
        ("section", "Limits"),
        ("clause", "No live matching."),
        ("clause", "- a list\n- stays whole"),
    ]


def test_import_numbers_sections_and_clauses_separately(factories):
    draft = factories.draft(versions=0)
    parts = queries.working_copy(draft)
    assert [(p.kind, p.number, p.position) for p in parts] == [
        ("section", 1, 1),
        ("clause", 1, 2),
        ("clause", 2, 3),
        ("section", 2, 4),
        ("clause", 3, 5),
        ("clause", 4, 6),
    ]
    assert draft.current_version_number == 0 and draft.has_unpublished_changes


def test_publish_snapshots_every_clause_and_audits(factories):
    draft = factories.draft(versions=1)
    v1 = queries.version(draft, 1)
    assert draft.current_version_number == 1 and not draft.has_unpublished_changes
    assert v1.clause_count == 6
    assert [c.text for c in queries.version_clauses(v1)][:2] == [
        "Scope",
        "This policy covers cameras.",
    ]
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert {"draft.created", "draft.imported", "draft.published"} <= set(actions)


def test_published_version_cannot_change(factories):
    draft = factories.draft(versions=1)
    version = queries.version(draft, 1)
    version.note = "rewritten history"
    with pytest.raises(ImmutableVersionError):
        db.session.flush()
    db.session.rollback()
    snapshot = db.session.scalars(select(ClauseVersion)).first()
    snapshot.text = "changed"
    with pytest.raises(ImmutableVersionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(DraftVersion)).first())
    with pytest.raises(ImmutableVersionError):
        db.session.flush()
    db.session.rollback()
    assert queries.version(draft, 1).note == "Version 1"


def test_nothing_to_publish_is_refused(factories):
    draft = factories.draft(versions=1)
    with pytest.raises(service.DraftError):
        service.publish_version(draft, factories.user("official"), "again")


def test_import_refused_after_publishing(factories):
    draft = factories.draft(versions=1)
    with pytest.raises(service.DraftError):
        service.import_markdown(draft, factories.user("official"), "# New\n\nText")


def test_clause_keeps_number_across_insert_and_remove(factories):
    draft = factories.draft(versions=1)
    official = factories.user("official")
    first = queries.clause_by_number(draft, 1)
    second = queries.clause_by_number(draft, 2)
    new = service.add_clause(draft, official, "clause", "Inserted text.", after=first)
    service.remove_clause(second, official)
    service.edit_clause(queries.clause_by_number(draft, 3), official, "No live matching anywhere.")
    v2 = service.publish_version(draft, official, "Second")
    assert new.number == 5 and new.position == 3
    changes = diff.compare(
        queries.version_clauses(queries.version(draft, 1)), queries.version_clauses(v2)
    )
    statuses = [(c.kind, c.number, c.status) for c in changes]
    assert statuses == [
        ("section", 1, "unchanged"),
        ("clause", 1, "unchanged"),
        ("clause", 2, "removed"),
        ("clause", 5, "added"),
        ("section", 2, "unchanged"),
        ("clause", 3, "changed"),
        ("clause", 4, "unchanged"),
    ]
    changed = changes[5].html  # clause 3
    assert '<del><span class="visually-hidden" dir="ltr">[removed: </span>in public.' in changed
    assert '<ins><span class="visually-hidden" dir="ltr">[added: </span>anywhere.' in changed
    assert diff.summary(changes) == {"changed": 1, "added": 1, "removed": 1}


def test_publish_version_applies_changes_and_credits(factories):
    draft = factories.draft(versions=1)
    official = factories.user("official")

    class Amendment:
        id = 42

    def change(d):
        service.edit_clause(
            queries.clause_by_number(d, 4), official, "Every search is logged daily."
        )

    version = service.publish_version(
        draft, official, "Accepted amendment 42", credited_amendment=Amendment(), changes=change
    )
    assert version.number == 2 and version.credited_amendment_id == 42
    assert queries.clause_history(queries.clause_by_number(draft, 4))[-1][1].text.endswith("daily.")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "kept for 90 days",
            "kept for 30 days",
            "for <del>[removed: 90]</del> <ins>[added: 30]</ins>",
        ),
        (
            "in public.",
            "anywhere.",
            "<del>[removed: in public.]</del> <ins>[added: anywhere.]</ins>",
        ),
        ("a b", "a c d", "a <del>[removed: b]</del> <ins>[added: c d]</ins>"),
    ],
)
def test_struck_and_added_words_are_kept_apart(old, new, expected):
    """Issue 22, defect 11: "~~90~~30" read as "9030"."""
    html = re.sub(r'<span class="visually-hidden"[^>]*>', "", str(word_diff(old, new)))
    assert expected in html.replace("</span>", "")
