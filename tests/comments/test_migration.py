"""Migration 0004 on a database that already has comments, votes and revisions (SQLite,
with foreign keys enforced): root_id is filled in, and the downgrade works too."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app

# id, parent_id, depth: a chain five deep, and a second short thread.
ROWS = [(1, None, 0), (2, 1, 1), (3, 2, 2), (4, 3, 3), (5, 4, 4), (6, None, 0), (7, 6, 1)]


def _seed_before_0004() -> None:
    conn = db.session.connection()
    conn.execute(
        text(
            "INSERT INTO users (id, email, display_name, password_hash, locale, "
            "session_version, created_at) VALUES (1, 'a@example.org', 'A', 'x', 'en', "
            "1, '2026-01-01')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO consultations (id, slug, title, topic_id, contact, summary, "
            "easy_read_summary, body, commitment, opens_at, closes_at, "
            "support_threshold, response_window_days, created_at, updated_at, "
            "proposal_count, comment_count) VALUES (1, 's', 't', 1, '', '', '', '', "
            "'', '2026-01-01', '2026-02-01', 1, 1, '2026-01-01', '2026-01-01', "
            "0, 7)"
        )
    )
    for comment_id, parent_id, depth in ROWS:
        conn.execute(
            text(
                "INSERT INTO comments (id, target_type, target_id, consultation_id, parent_id, "
                "depth, author_id, body, status, channel, created_at, upvotes, downvotes, "
                "score, reply_count, revision_count) VALUES (:id, 'consultation', 1, 1, "
                ":parent, :depth, 1, 'b', 'published', 'online', '2026-01-01', 0, 0, 0, 0, 0)"
            ),
            {"id": comment_id, "parent": parent_id, "depth": depth},
        )
    conn.execute(
        text(
            "INSERT INTO comment_votes (comment_id, user_id, value, created_at) "
            "VALUES (3, 1, 1, '2026-01-01')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO comment_revisions (comment_id, body, replaced_at) "
            "VALUES (4, 'old', '2026-01-01')"
        )
    )
    db.session.commit()


def test_0004_fills_root_id_and_downgrades_with_data_in_place(tmp_path):
    with separate_app(TestingConfig, tmp_path) as other, other.app_context():
        upgrade(revision="0003")
        _seed_before_0004()

        upgrade(revision="0004")
        roots = dict(db.session.execute(text("SELECT id, root_id FROM comments")).all())
        assert roots == {1: None, 2: 1, 3: 1, 4: 1, 5: 1, 6: None, 7: 6}

        downgrade(revision="0003")
        assert "root_id" not in {c["name"] for c in inspect(db.engine).get_columns("comments")}
        assert db.session.execute(text("SELECT COUNT(*) FROM comment_votes")).scalar() == 1

        upgrade(revision="head")
        assert db.session.execute(text("SELECT root_id FROM comments WHERE id = 5")).scalar() == 1
