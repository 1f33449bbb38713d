"""``flask reindex-search`` rebuilds the index from the content tables."""

from __future__ import annotations

from engage.comments.models import Comment
from engage.extensions import db
from engage.search import service as search


def _comment(consultation, author, body, status="published"):
    comment = Comment(
        target_type="consultation",
        target_id=consultation.id,
        consultation_id=consultation.id,
        author_id=author.id,
        body=body,
        status=status,
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def found(query):
    return sorted((hit.kind, hit.ref_id) for hit in search.search(query))


def test_reindex_command_indexes_published_content_only(app, factories):
    author = factories.user()
    open_ = factories.consultation(title="Kiosk rules", summary="Public kiosks.")
    draft = factories.consultation(status="draft", title="Kiosk draft")
    closed = factories.consultation(status="closed", title="Old kiosk study")
    kept = factories.proposal(open_, title="Kiosk privacy", body="No kiosk cameras.")
    withdrawn = factories.proposal(open_, title="Kiosk ads", status="withdrawn")
    in_draft = factories.proposal(draft, title="Kiosk in a draft")
    comment = _comment(open_, author, "Kiosks should be accessible.")
    _comment(open_, author, "Kiosk tombstone", status="deleted")
    _comment(draft, author, "Kiosk draft comment")
    assert found("kiosk") == []  # made without the services: nothing indexed yet

    result = app.test_cli_runner().invoke(args=["reindex-search"])

    assert result.exit_code == 0, result.output
    assert "consultations: 2" in result.output
    assert "proposals: 1" in result.output
    assert "comments: 1" in result.output
    assert "Search index rebuilt: 4 documents." in result.output
    db.session.rollback()  # the command committed; read fresh
    assert found('"kiosk"') == sorted(  # quoted: the whole word, not a prefix
        [("consultation", open_.id), ("consultation", closed.id), ("proposal", kept.id)]
    )
    assert found("kiosks") == [("comment", comment.id), ("consultation", open_.id)]
    assert ("proposal", withdrawn.id) not in found("ads")
    assert ("proposal", in_draft.id) not in found("draft")


def test_reindex_replaces_stale_documents(factories):
    consultation = factories.consultation(title="Sensor map")
    search.index("proposal", 999, consultation.id, "Stale sensor idea", "Gone long ago.")
    db.session.commit()
    assert ("proposal", 999) in found("sensor")

    counts = search.reindex_all()
    db.session.commit()

    assert counts == {"consultation": 1, "proposal": 0, "comment": 0}
    assert found("sensor") == [("consultation", consultation.id)]


def test_reindex_reports_progress_in_batches(factories, monkeypatch):
    monkeypatch.setattr(search, "PROGRESS_EVERY", 2)
    consultation = factories.consultation(title="Batch")
    for n in range(5):
        factories.proposal(consultation, title=f"Batch {n}")
    reports = []

    search.reindex_all(progress=lambda kind, count: reports.append((kind, count)))

    assert reports == [
        ("consultation", 1),
        ("proposal", 2),
        ("proposal", 4),
        ("proposal", 5),
        ("comment", 0),
    ]
