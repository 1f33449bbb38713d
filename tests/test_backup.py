"""flask backup and flask restore, on the engine under test: a backup of the demo data,
the database wiped, the backup restored; every table's row count and content hash come
back the same, and a database that holds anything is not overwritten without --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from config import TestingConfig
from engage import create_app, demo
from engage.backup import fingerprints
from engage.extensions import db
from tests.conftest import private_database_url


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    """An app on a database of its own (the shared test database is never wiped here),
    seeded once: every test leaves it holding what the demo wrote, as it found it."""
    tmp_path = tmp_path_factory.mktemp("backup")
    url, drop = private_database_url(tmp_path)
    app = create_app(
        type(
            "BackupConfig",
            (TestingConfig,),
            {"SQLALCHEMY_DATABASE_URI": url, "MAIL_OUTBOX": tmp_path / "outbox"},
        )
    )
    with app.app_context():
        upgrade()
        demo.seed()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop()


def _run(app, *args):
    # Inside this app's context: a command finds the context already pushed (the shared
    # test app's, by the autouse fixture) and would otherwise run against that database.
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _tables(app) -> dict:
    with app.app_context(), db.engine.connect() as conn:
        return fingerprints(conn)


def _wipe(app) -> None:
    """Everything gone, as after losing the disk: no tables at all."""
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.engine.dispose()
            Path(db.engine.url.database).unlink()
        db.engine.dispose()


def test_backup_wipe_restore_gives_back_every_table(own_app, tmp_path):
    before = _tables(own_app)
    assert before["users"]["rows"] > 0 and before["proposals"]["rows"] > 0
    assert sum(table["rows"] for table in before.values()) > 200

    result = _run(own_app, "backup", str(tmp_path / "backups"))
    assert result.exit_code == 0, result.output
    (manifest_file,) = (tmp_path / "backups").glob("*.json")
    manifest = json.loads(manifest_file.read_text())
    assert manifest["tables"] == before
    assert manifest["revision"]

    _wipe(own_app)
    assert "users" not in _tables(own_app)

    result = _run(own_app, "restore", str(tmp_path / "backups"))
    assert result.exit_code == 0, result.output
    assert "each matching the manifest" in result.output
    assert _tables(own_app) == before


def test_restore_refuses_a_database_that_holds_anything_unless_forced(own_app, tmp_path):
    before = _tables(own_app)
    assert _run(own_app, "backup", str(tmp_path / "backups")).exit_code == 0
    with own_app.app_context():
        db.session.execute(text("UPDATE users SET display_name = 'Changed since'"))
        db.session.commit()
    changed = _tables(own_app)
    assert changed["users"] != before["users"]

    refused = _run(own_app, "restore", str(tmp_path / "backups"))
    assert refused.exit_code != 0
    assert "not empty" in refused.output and "--force" in refused.output
    assert _tables(own_app) == changed

    forced = _run(own_app, "restore", str(tmp_path / "backups"), "--force")
    assert forced.exit_code == 0, forced.output
    assert _tables(own_app) == before


def test_a_restore_that_does_not_match_its_manifest_says_which_tables_differ(own_app, tmp_path):
    assert _run(own_app, "backup", str(tmp_path / "backups")).exit_code == 0
    (manifest_file,) = (tmp_path / "backups").glob("*.json")
    manifest = json.loads(manifest_file.read_text())
    manifest["tables"]["users"]["rows"] += 1
    manifest_file.write_text(json.dumps(manifest))

    result = _run(own_app, "restore", str(tmp_path / "backups"), "--force")
    assert result.exit_code != 0
    assert "users:" in result.output and "expected" in result.output


def test_restore_refuses_a_backup_of_the_other_engine(own_app, tmp_path):
    assert _run(own_app, "backup", str(tmp_path / "backups")).exit_code == 0
    (manifest_file,) = (tmp_path / "backups").glob("*.json")
    manifest = json.loads(manifest_file.read_text())
    manifest["engine"] = "sqlite" if manifest["engine"] == "postgresql" else "postgresql"
    manifest_file.write_text(json.dumps(manifest))

    result = _run(own_app, "restore", str(tmp_path / "backups"), "--force")
    assert result.exit_code != 0 and "backup; this database is" in result.output
