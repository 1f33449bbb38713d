"""Counting the SQL statements a piece of code sends, for query-budget tests."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from engage.extensions import db


@contextmanager
def count_queries():
    """Collect every statement sent while the block runs; ``len()`` of it is the count."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
