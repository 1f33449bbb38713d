"""Work that must only happen once the request's transaction has committed (e.g. email).

Runs inline right after the commit. Background workers on Redis replace the inline
call later without changing callers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from engage.extensions import db

log = logging.getLogger(__name__)
_KEY = "engage.after_commit"


def after_commit(func: Callable[..., Any], *args: Any) -> None:
    db.session.info.setdefault(_KEY, []).append((func, args))


def _run_pending(session: Session) -> None:
    pending = session.info.pop(_KEY, [])
    for func, args in pending:
        try:
            func(*args)
        except Exception:
            # A failing mail server must never break the request that triggered it.
            log.exception("after-commit job %s failed", getattr(func, "__name__", func))
            if current_app.config.get("TESTING") and current_app.config.get("JOBS_RAISE"):
                raise


def discard_pending() -> None:
    """Forget queued work even when the session never started a transaction."""
    db.session.info.pop(_KEY, None)


def _drop_pending(session: Session) -> None:
    session.info.pop(_KEY, None)


def init_app(app: Flask) -> None:
    # Registered once per process; the session class is shared by all apps.
    if not getattr(init_app, "_registered", False):
        event.listen(Session, "after_commit", _run_pending)
        event.listen(Session, "after_rollback", _drop_pending)
        init_app._registered = True  # type: ignore[attr-defined]
