"""Migration 0012 with consultations and proposals in place (SQLite, foreign keys
enforced): the outcome tables come and go, and nothing else is touched."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app

TABLES = {
    "official_responses",
    "outcomes",
    "commitments",
    "commitment_sources",
    "commitment_updates",
    "milestones",
}


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_0012_up_down_and_up_again_with_data(tmp_path):
    with separate_app(TestingConfig, tmp_path) as other, other.app_context():
        upgrade(revision="0011")
        assert not TABLES & _tables()
        db.session.execute(
            text(
                "INSERT INTO users (id, email, display_name, password_hash, locale, "
                "session_version, created_at) VALUES (1, 'a@example.org', 'A', 'x', 'en', 1, "
                "'2026-01-01')"
            )
        )
        db.session.commit()
        upgrade(revision="0012")
        assert _tables() >= TABLES
        topic = db.session.execute(text("SELECT id FROM topics LIMIT 1")).scalar()
        if topic is None:
            db.session.execute(
                text("INSERT INTO topics (id, slug, name, position) VALUES (1, 't', 'T', 0)")
            )
            topic = 1
        db.session.execute(
            text(
                "INSERT INTO consultations (id, slug, title, topic_id, contact, summary, "
                "easy_read_summary, body, commitment, opens_at, closes_at, support_threshold, "
                "response_window_days, created_at, updated_at, proposal_count, comment_count) "
                "VALUES (1, 'c', 'C', :topic, '', 'S', '', '', '', '2026-01-01', '2026-02-01', "
                "10, 30, '2026-01-01', '2026-01-01', 0, 0)"
            ),
            {"topic": topic},
        )
        db.session.execute(
            text(
                "INSERT INTO official_responses (target_type, target_id, consultation_id, "
                "official_id, status, reason, created_at) VALUES ('proposal', 1, 1, 1, "
                "'accepted', 'Yes', '2026-02-02')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO outcomes (id, consultation_id, heard, decided, created_at, "
                "updated_at, commitment_count) VALUES (1, 1, 'H', 'D', '2026-02-03', "
                "'2026-02-03', 1)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO commitments (id, outcome_id, consultation_id, title, description, "
                "status, percent_done, created_at, updated_at, update_count) VALUES (1, 1, 1, "
                "'P', '', 'in_progress', 50, '2026-02-03', '2026-02-03', 0)"
            )
        )
        db.session.commit()

        downgrade(revision="0011")
        assert not TABLES & _tables()
        assert db.session.execute(text("SELECT slug FROM consultations")).scalar() == "c"

        upgrade(revision="head")
        assert _tables() >= TABLES
