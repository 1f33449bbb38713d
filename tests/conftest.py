"""Shared fixtures: one migrated database per run, emptied after every test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import has_app_context
from flask.globals import app_ctx
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from config import TestingConfig
from engage import create_app
from engage.extensions import db, limiter
from engage.opinion_map import queries as opinion_map_queries
from tests.factories import Factories


class Client(FlaskClient):
    """A test client whose every request gets its own ``g``, as on a real server.

    Each test keeps an app context pushed (so factories and requests share the
    database session), and Flask reuses that context for requests. Without a fresh
    ``g``, the signed-in user, the cached CSRF token, the locale and rate-limit state
    would leak from one request (and one client) into the next.
    """

    def open(self, *args, **kwargs):
        if not has_app_context() or app_ctx.app is not self.application:
            return super().open(*args, **kwargs)
        ctx = app_ctx._get_current_object()
        saved, ctx.g = ctx.g, self.application.app_ctx_globals_class()
        try:
            return super().open(*args, **kwargs)
        finally:
            ctx.g = saved


def private_database_url(tmp_root: Path) -> tuple[str, Callable[[], None]]:
    """SQLite in a temporary folder, or a private PostgreSQL database for this run.

    A database of its own per run lets several test runs share one server safely.
    """
    if not os.environ.get("TEST_DATABASE_URL"):
        return f"sqlite:///{tmp_root / 'test.db'}", lambda: None
    base = make_url(TestingConfig.SQLALCHEMY_DATABASE_URI)
    name = f"{base.database}_run_{os.getpid()}_{secrets.token_hex(3)}"
    server = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        # No right to create databases: use the given one (it is emptied first).
        server.dispose()
        return base.render_as_string(hide_password=False), lambda: None

    def drop() -> None:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp_root = tmp_path_factory.mktemp("engage")

    database_url, drop_database = private_database_url(tmp_root)

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SQLALCHEMY_ENGINE_OPTIONS = _engine_options(database_url)
        MAIL_OUTBOX = tmp_root / "outbox"

    application = create_app(Config)
    application.test_client_class = Client
    with application.app_context():
        _fresh_schema()
        from flask_migrate import upgrade

        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_database()


def _engine_options(url: str) -> dict:
    options = dict(TestingConfig.SQLALCHEMY_ENGINE_OPTIONS)
    if url.startswith("postgresql"):
        # Tests don't need each commit flushed to disk; waiting for it dominated the run.
        options["connect_args"] = {"options": "-c synchronous_commit=off"}
    return options


def _fresh_schema() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


# Reference rows written by migrations survive between tests.
KEPT_TABLES = {"topics"}
# Append-only on PostgreSQL (a trigger refuses DELETE): emptied with TRUNCATE, which the
# trigger does not see, and only when something was written (a TRUNCATE costs more).
LEDGER_TABLES = ("ledger_leaves", "ledger_nodes", "ledger_heads")
_ANY_LEDGER_ROW = "SELECT " + " OR ".join(f"EXISTS (SELECT 1 FROM {t})" for t in LEDGER_TABLES)
DEFAULT_TOPICS = [
    ("ai-and-algorithms", "AI and algorithms"),
    ("data-and-privacy", "Data and privacy"),
    ("smart-city-and-sensors", "Smart city and sensors"),
    ("digital-identity", "Digital identity"),
    ("public-records-and-ledgers", "Public records and ledgers"),
    ("connectivity", "Connectivity"),
]


def _empty_tables() -> None:
    db.session.rollback()
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    # DELETE, not TRUNCATE: on PostgreSQL a TRUNCATE of every table syncs files to
    # disk and took about two seconds per test; a DELETE of a few rows takes milliseconds.
    with db.engine.begin() as conn:
        search_table = "search_documents" if conn.dialect.name == "postgresql" else "search_fts"
        conn.execute(text(f"DELETE FROM {search_table}"))
        postgresql = conn.dialect.name == "postgresql"
        for table in tables:
            if postgresql and table in LEDGER_TABLES:
                continue
            conn.execute(text(f'DELETE FROM "{table}"'))
        if postgresql and conn.scalar(text(_ANY_LEDGER_ROW)):
            conn.execute(text(f"TRUNCATE {', '.join(LEDGER_TABLES)}"))
        # Put the default topics back as the migration wrote them (tests rename some).
        conn.execute(text("DELETE FROM topics"))
        conn.execute(
            text("INSERT INTO topics (id, slug, name, position) VALUES (:id, :slug, :name, :pos)"),
            [
                {"id": i + 1, "slug": slug, "name": name, "pos": i}
                for i, (slug, name) in enumerate(DEFAULT_TOPICS)
            ],
        )


@pytest.fixture(autouse=True)
def _clean_state(request, app):
    """Each test starts with empty tables, a fresh rate limiter and an empty outbox."""
    ctx = app.app_context()
    ctx.push()
    limiter.reset()
    outbox = Path(app.config["MAIL_OUTBOX"])
    for old in outbox.glob("*.eml"):
        old.unlink()
    yield
    db.session.remove()
    _empty_tables()
    # Per-process memory of rows that were just deleted: ids start again at 1 on SQLite.
    opinion_map_queries.forget_all()
    ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factories(app) -> Factories:
    return Factories()


class Outbox:
    def __init__(self, folder: Path):
        self.folder = folder

    @property
    def messages(self):
        files = sorted(self.folder.glob("*.eml"))
        return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]

    def last_to(self, address: str):
        found = [m for m in self.messages if m["To"] == address]
        assert found, f"no email to {address}; outbox has {[m['To'] for m in self.messages]}"
        return found[-1]


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.config["MAIL_OUTBOX"]))
