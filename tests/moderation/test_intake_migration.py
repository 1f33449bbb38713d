"""Migration 0009 with proposals, supports and comments in place (SQLite, foreign keys
enforced): cases, reports and the new columns come and go without rebuilding a table."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app
from tests.assisted.test_migration import _seed


def _columns(table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_0009_up_down_and_up_again_with_data(tmp_path):
    with separate_app(TestingConfig, tmp_path) as other, other.app_context():
        upgrade(revision="0005")
        _seed()
        upgrade(revision="0009")
        assert "visibility" in _columns("proposals")
        assert "review_before_publishing" in _columns("consultations")
        # Existing rows: visible, not pre-moderated.
        assert db.session.execute(text("SELECT visibility FROM proposals")).scalar() == "visible"
        assert not db.session.execute(
            text("SELECT review_before_publishing FROM consultations")
        ).scalar()
        db.session.execute(
            text(
                "INSERT INTO moderation_cases (id, target_type, target_id, consultation_id, "
                "author_id, state, trigger, signals, report_count, public_reason, opened_at) "
                "VALUES (1, 'comment', 1, 1, 1, 'open', 'reports', '', 1, '', '2026-01-01')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO moderation_reports (case_id, target_type, target_id, reporter_id, "
                "reason, detail, created_at) VALUES (1, 'comment', 1, 1, 'spam', '', '2026-01-01')"
            )
        )
        db.session.commit()
        # At most one open case per item: the partial unique index.
        try:
            db.session.execute(
                text(
                    "INSERT INTO moderation_cases (target_type, target_id, state, trigger, "
                    "signals, report_count, public_reason, opened_at) "
                    "VALUES ('comment', 1, 'open', 'spam', '', 0, '', '2026-01-01')"
                )
            )
        except Exception:  # noqa: BLE001 - IntegrityError, wrapped differently per driver
            db.session.rollback()
        else:
            raise AssertionError("a second open case for the same item was accepted")

        downgrade(revision="0008")
        assert "visibility" not in _columns("proposals")
        assert "review_before_publishing" not in _columns("consultations")
        tables = inspect(db.engine).get_table_names()
        assert "moderation_cases" not in tables and "moderation_reports" not in tables
        assert db.session.execute(text("SELECT COUNT(*) FROM supports")).scalar() == 1

        upgrade(revision="head")
        assert db.session.execute(text("SELECT COUNT(*) FROM comments")).scalar() == 1
