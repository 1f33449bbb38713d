"""Migration 0006 with proposals, supports and comments in place (SQLite, foreign keys
enforced): the new columns and table come and go without rebuilding any table."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app


def _seed() -> None:
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
            "1, 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO proposals (id, consultation_id, author_id, title, body, status, "
            "channel, created_at, updated_at, withdrawal_reason, support_count, "
            "comment_count, version_count) VALUES (1, 1, 1, 't', 'b', 'published', "
            "'paper', '2026-01-01', '2026-01-01', '', 1, 0, 1)"
        )
    )
    conn.execute(
        text("INSERT INTO supports (proposal_id, user_id, created_at) VALUES (1, 1, '2026-01-01')")
    )
    conn.execute(
        text(
            "INSERT INTO comments (id, target_type, target_id, consultation_id, depth, "
            "author_id, body, status, channel, created_at, upvotes, downvotes, score, "
            "reply_count, revision_count) VALUES (1, 'consultation', 1, 1, 0, 1, 'b', "
            "'published', 'phone', '2026-01-01', 0, 0, 0, 0, 0)"
        )
    )
    db.session.commit()


def _columns(table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_0006_up_down_and_up_again_with_data(tmp_path):
    with separate_app(TestingConfig, tmp_path) as other, other.app_context():
        upgrade(revision="0005")
        _seed()
        upgrade(revision="0006")
        assert {"submitted_for_name", "received_on"} <= _columns("proposals") & _columns("comments")
        db.session.execute(text("UPDATE proposals SET submitted_for_name = 'Maria G.'"))
        db.session.execute(
            text(
                "INSERT INTO consultation_translations (consultation_id, locale, "
                "title, summary, easy_read_summary, body, commitment, updated_at) "
                "VALUES (1, 'es', 'T', '', '', '', '', '2026-01-01')"
            )
        )
        db.session.commit()

        downgrade(revision="0005")
        assert "submitted_for_name" not in _columns("proposals") | _columns("comments")
        assert "consultation_translations" not in inspect(db.engine).get_table_names()
        assert db.session.execute(text("SELECT channel FROM proposals")).scalar() == "paper"
        assert db.session.execute(text("SELECT COUNT(*) FROM supports")).scalar() == 1

        upgrade(revision="head")
        assert db.session.execute(text("SELECT channel FROM comments")).scalar() == "phone"
