"""Apps besides the shared test app: production mode, unexpected errors, other settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from engage import create_app
from engage.extensions import db

# A key production accepts (secrets.token_urlsafe(32)); repeated characters are refused.
PRODUCTION_SECRET_KEY = "hU-rm9ymS4w-qAB-ujJBz3KsGaEYdr9ovR7ucnj7XgQ"


@contextmanager
def separate_app(base: type, tmp_path: Path, **settings) -> Iterator[Flask]:
    """A new app from ``base`` with its own SQLite file and outbox under ``tmp_path``.

    Build it inside the test: the shared ``app`` fixture has already served requests, so
    routes can no longer be added to it.
    """
    attrs = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'separate.db'}",
        "MAIL_OUTBOX": tmp_path / "outbox",
        **settings,
    }
    app = create_app(type("SeparateConfig", (base,), attrs))
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
