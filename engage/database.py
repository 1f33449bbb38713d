"""Column types and helpers shared by every feature's models."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, event, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from engage.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def increment(obj: Any, *conditions, **deltas: int) -> None:
    """``column = column + delta`` in SQL on the row of ``obj``, then let the object reload
    the new values. Counters move this way, in the transaction of the row they count, so
    concurrent requests never lose an update. ``conditions`` guard the row (a count that
    must not go below zero)."""
    model = type(obj)
    values = {name: getattr(model, name) + delta for name, delta in deltas.items() if delta}
    if not values:
        return
    db.session.execute(
        update(model).where(model.id == obj.id, *conditions).values(values),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(obj, list(values))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on both engines (SQLite stores naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Foreign keys on, WAL for concurrent readers, and wait rather than fail on locks."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "connect")
def _postgresql_plans(dbapi_connection, connection_record) -> None:
    """Plan every statement for its own values. psycopg prepares a statement after a few
    runs, and PostgreSQL then may switch to one generic plan for all values — for the
    outcome report's proposals that took 112 ms instead of 2 ms (benchmarks/RESULTS.md)."""
    module = type(dbapi_connection).__module__
    if not module.startswith("psycopg"):
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def render_migration_item(type_, obj, autogen_context):
    """Write our column types as plain SQLAlchemy ones, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Search indexes (FTS tables, triggers) are managed by hand in migrations. An index
    Alembic found changed is compared again (see _index_definition)."""
    if type_ == "index" and compare_to is not None:
        return _index_definition(obj) != _index_definition(compare_to)
    return not (type_ == "table" and name and name.startswith("search_"))


# PostgreSQL reflects an expression index as it stores it, with casts, brackets and line
# breaks (``CASE\n WHEN ((status)::text = 'withdrawn'::text) ...``). Alembic's clean-up
# leaves the line breaks and brackets, so `flask db check` saw the proposal listing
# indexes as changed on every run. Only what PostgreSQL adds is ignored here.
_CAST = re.compile(r"::(?:character varying|\w+)")
_NOISE = re.compile(r"[\s()\"']")


def _index_definition(index: Index) -> tuple[bool, tuple[str, ...], str]:
    def text(element) -> str:
        if element is None:
            return ""
        compiled = element.compile(
            dialect=postgresql.dialect(),
            compile_kwargs={"literal_binds": True, "include_table": False},
        )
        return _NOISE.sub("", _CAST.sub("", str(compiled).lower()))

    where = index.dialect_options["postgresql"].get("where")
    return bool(index.unique), tuple(text(e) for e in index.expressions), text(where)
