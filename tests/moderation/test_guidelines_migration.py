"""Migration 0010 with people in place (SQLite, foreign keys enforced): the decisions
tables and users.suspended_until come and go without rebuilding the users table."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app

TABLES = {"guidelines_versions", "guidelines", "moderation_actions", "appeals", "suspensions"}


def test_0010_up_down_and_up_again_with_data(tmp_path):
    with separate_app(TestingConfig, tmp_path) as other, other.app_context():
        upgrade(revision="0009")
        db.session.execute(
            text(
                "INSERT INTO users (id, email, display_name, password_hash, locale, "
                "session_version, created_at) VALUES (1, 'a@example.org', 'A', 'x', 'en', 1, "
                "'2026-01-01')"
            )
        )
        db.session.commit()
        upgrade(revision="0010")
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        db.session.execute(text("UPDATE users SET suspended_until = '2026-02-01'"))
        db.session.execute(
            text(
                "INSERT INTO guidelines_versions (id, number, note, created_at) "
                "VALUES (1, 1, '', '2026-01-01')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO guidelines (version_id, number, title, body) "
                "VALUES (1, 1, 'Respect', '')"
            )
        )
        db.session.commit()

        downgrade(revision="0009")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        columns = {c["name"] for c in inspect(db.engine).get_columns("users")}
        assert "suspended_until" not in columns
        assert db.session.execute(text("SELECT email FROM users")).scalar() == "a@example.org"

        upgrade(revision="head")
        assert set(inspect(db.engine).get_table_names()) >= TABLES
