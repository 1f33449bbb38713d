"""Backups of the whole database, and restoring one: ``flask backup DIR``, ``flask restore DIR``.

PostgreSQL: ``pg_dump`` in its custom format (one consistent snapshot, taken while the
site runs), restored with ``pg_restore --clean``. SQLite: the online backup API, which
copies a consistent database while it is in use, restored the same way in the other
direction. Beside each backup, a manifest (JSON) names the engine, the migration it was
taken at, and each table's row count and content hash. A restore checks the restored
database against it and says which tables differ, so a backup that does not come back
whole is found at once, not on the day it is needed.

Restoring replaces what the database holds; it refuses to touch one that holds anything
(any table with a row, the migration record aside) unless told ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, make_url, text

MANIFEST_VERSION = 1
_IGNORED = ("alembic_version",)


class BackupError(Exception):
    """Why a backup or restore could not be done, in words for the person running it."""


@dataclass(frozen=True)
class Restored:
    backup: Path
    tables: int
    rows: int
    differences: list[str]


# Fingerprints -------------------------------------------------------------------------


def _tables(conn: Connection) -> list[str]:
    """Every ordinary table of the database, the engine's own and virtual ones aside (an
    FTS5 index is checked through the shadow tables that hold its data)."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                "ORDER BY name"
            )
        )
        return [name for (name,) in rows]
    return sorted(inspect(conn).get_table_names())


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _row_text(row) -> str:
    return json.dumps(
        [value.hex() if isinstance(value, bytes | memoryview) else value for value in row],
        default=str,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def fingerprints(conn: Connection) -> dict[str, dict[str, object]]:
    """Each table's row count and a SHA-256 of its rows, in primary-key order (or sorted
    as text where a table has no primary key): equal fingerprints, equal contents."""
    found: dict[str, dict[str, object]] = {}
    inspector = inspect(conn)
    for name in _tables(conn):
        keys = inspector.get_pk_constraint(name).get("constrained_columns") or []
        query = f"SELECT * FROM {_quoted(conn, name)}"  # noqa: S608 - a table name of this database
        if keys:
            query += " ORDER BY " + ", ".join(_quoted(conn, key) for key in keys)
            lines = (_row_text(row) for row in conn.execute(text(query)))
        else:
            lines = iter(sorted(_row_text(row) for row in conn.execute(text(query))))
        digest, count = hashlib.sha256(), 0
        for line in lines:
            digest.update(line.encode())
            digest.update(b"\n")
            count += 1
        found[name] = {"rows": count, "sha256": digest.hexdigest()}
    return found


def holds_anything(engine: Engine) -> bool:
    with engine.connect() as conn:
        for name in _tables(conn):
            if name in _IGNORED:
                continue
            quoted = _quoted(conn, name)
            if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():  # noqa: S608
                return True
    return False


def _revision(conn: Connection) -> str | None:
    if "alembic_version" not in _tables(conn):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


# Backup -------------------------------------------------------------------------------


def backup(engine: Engine, directory: Path) -> Path:
    """Write one backup and its manifest into ``directory``; returns the backup's path.
    The manifest describes exactly what the backup holds, however busy the site is."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if engine.dialect.name == "postgresql":
        path = directory / f"engage-{stamp}.dump"
        # pg_dump reads the snapshot this transaction exported, and the manifest is
        # counted in the same transaction: both see the same rows.
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                _run_pg(
                    "pg_dump",
                    engine,
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                )
                tables, revision = fingerprints(conn), _revision(conn)
    elif engine.dialect.name == "sqlite":
        path = directory / f"engage-{stamp}.sqlite3"
        _sqlite_copy(_sqlite_path(engine), str(path))
        copy = create_engine(f"sqlite:///{path}")
        try:
            with copy.connect() as conn:
                tables, revision = fingerprints(conn), _revision(conn)
        finally:
            copy.dispose()
    else:
        raise BackupError(f"Backups are made of PostgreSQL and SQLite, not {engine.dialect.name}.")
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "engine": engine.dialect.name,
        "file": path.name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": revision,
        "tables": tables,
    }
    _manifest_path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def _sqlite_copy(source: str, target: str) -> None:
    """SQLite's online backup: a consistent copy, page by page, while others write."""
    source_db, target_db = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with target_db:
            source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


def _manifest_path(path: Path) -> Path:
    return path.with_suffix(".json")


def newest(directory: Path) -> Path:
    """The newest backup in ``directory`` (or ``directory`` itself, if it is a backup)."""
    if directory.is_file():
        return directory
    found = sorted(directory.glob("engage-*.dump")) + sorted(directory.glob("engage-*.sqlite3"))
    found = [path for path in found if _manifest_path(path).exists()]
    if not found:
        raise BackupError(f"No backup with a manifest in {directory}.")
    return max(found, key=lambda path: path.stem)


# Restore ------------------------------------------------------------------------------


def restore(engine: Engine, source: Path, force: bool = False) -> Restored:
    """Replace the database's contents with a backup, then check them against its manifest."""
    path = newest(source)
    manifest = json.loads(_manifest_path(path).read_text())
    if manifest.get("engine") != engine.dialect.name:
        raise BackupError(
            f"{path.name} is a {manifest.get('engine')} backup; this database is "
            f"{engine.dialect.name}."
        )
    if not force and holds_anything(engine):
        raise BackupError(
            "The database is not empty: restoring would replace what it holds. "
            "Run again with --force to replace it."
        )
    engine.dispose()
    if engine.dialect.name == "postgresql":
        _run_pg(
            "pg_restore",
            engine,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            str(path),
        )
    else:
        _sqlite_copy(str(path), _sqlite_path(engine))
    engine.dispose()
    with engine.connect() as conn:
        now = fingerprints(conn)
    expected: dict[str, dict] = manifest["tables"]
    differences = [
        f"{name}: {now.get(name, {}).get('rows', 'missing')} rows, expected {want['rows']}"
        if now.get(name, {}).get("rows") != want["rows"]
        else f"{name}: same {want['rows']} rows, different contents"
        for name, want in sorted(expected.items())
        if now.get(name) != want
    ]
    rows = sum(int(table["rows"]) for table in expected.values())
    return Restored(backup=path, tables=len(expected), rows=rows, differences=differences)


# Engines ------------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return database


def _run_pg(program: str, engine: Engine, *args: str) -> None:
    """pg_dump or pg_restore against the engine's database; the password goes through
    the environment, never the command line (where `ps` would show it)."""
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    url = make_url(engine.url)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run(  # noqa: S603 - a fixed program; arguments are ours
        [program, f"--dbname={target}", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[-2000:]}")
