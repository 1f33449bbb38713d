"""Work that must only happen once the request's transaction has committed (e.g. email).

``after_commit(func, *args)`` runs ``func`` inline right after the commit (small work that
touches no database, such as handing one email to the outbox).

``enqueue("module.function", *args)`` is for real background jobs: with ``REDIS_URL`` set
it is pushed to the RQ queue after the commit and a worker (``flask worker``) runs it;
without Redis it runs inline after the commit, in a fresh application context (its own
database session, since the committed one can't be used inside the commit event). Either
way a failure is logged, never raised into the request. Jobs record their own outcome
(see engage.notifications.delivery), so a lost job is picked up again by a sweep.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue, get_current_job
from rq.job import Job
from sqlalchemy import event
from sqlalchemy.orm import Session

from engage.extensions import db

log = logging.getLogger(__name__)
_KEY = "engage.after_commit"


def after_commit(func: Callable[..., Any], *args: Any) -> None:
    db.session.info.setdefault(_KEY, []).append((func, args))


def _run_pending(session: Session) -> None:
    # SQLAlchemy also sends after_commit when a savepoint (begin_nested) is released: the
    # work waits for the real commit.
    if session.in_nested_transaction():
        return
    pending = session.info.pop(_KEY, [])
    for func, args in pending:
        try:
            func(*args)
        except Exception:
            # A failing mail server must never break the request that triggered it.
            log.exception("after-commit job %s failed", getattr(func, "__name__", func))
            if current_app.config.get("TESTING") and current_app.config.get("JOBS_RAISE"):
                raise


def enqueue(path: str, *args: Any) -> None:
    """Run the function at ``path`` ("package.module.function") once the transaction commits."""
    after_commit(_dispatch, path, args)


def enqueue_once(path: str, *args: Any) -> None:
    """``enqueue``, unless this transaction has already queued the same call (a demo or an
    import that casts thousands of votes asks for one recompute, not thousands)."""
    if (_dispatch, (path, args)) not in db.session.info.get(_KEY, []):
        enqueue(path, *args)


def enqueue_batch(path: str, item: Any) -> None:
    """Run ``path(items)`` once the transaction commits, with every item this transaction
    added, in the order they were added: one job for many events (the public record
    appends them in one go)."""
    for func, args in db.session.info.get(_KEY, []):
        if func is _dispatch and args[0] == path and len(args[1]) == 1:
            items = args[1][0]
            if isinstance(items, list):
                items.append(item)
                return
    enqueue(path, [item])


def waiting(path: str, limit: int = 1000) -> list[tuple[str, tuple]]:
    """The jobs for ``path`` waiting in the queue, oldest first, as (job id, args), among
    its first ``limit`` jobs; none without Redis or outside a worker (a job run inline
    has nobody's work to take, and must not wait for a Redis that is down). A job that
    does their work for them (the public record's append) then calls ``taken``."""
    if not current_app.config.get("REDIS_URL") or get_current_job() is None:
        return []
    try:
        waiting_queue = queue()
        ids = waiting_queue.get_job_ids(0, limit)
        found = Job.fetch_many(
            ids, connection=waiting_queue.connection, serializer=waiting_queue.serializer
        )
        return [(job.id, job.args) for job in found if job is not None and job.func_name == path]
    except Exception:
        log.exception("could not read the queue for %s; each job will run on its own", path)
        return []


def taken(job_ids: list[str]) -> None:
    """Remove these jobs from the queue: their work is done and committed. One a worker
    has taken meanwhile still runs (the work must be idempotent), and is not deleted."""
    if not job_ids:
        return
    try:
        waiting_queue = queue()
        with waiting_queue.connection.pipeline() as pipe:
            for job_id in job_ids:
                waiting_queue.remove(job_id, pipeline=pipe)
            removed = pipe.execute()
        with waiting_queue.connection.pipeline() as pipe:
            for job_id, count in zip(job_ids, removed, strict=True):
                if count:
                    pipe.delete(Job.key_for(job_id))
            pipe.execute()
    except Exception:
        # Left in the queue, they run later and find their work done.
        log.exception("could not remove %d finished jobs from the queue", len(job_ids))


def enqueue_in(delay: timedelta, path: str, *args: Any) -> bool:
    """Schedule a retry on RQ (needs a worker with its scheduler). False without Redis:
    the caller's sweep (``flask notify-due``) picks the work up instead."""
    if not current_app.config.get("REDIS_URL"):
        return False
    try:
        queue().enqueue_in(delay, path, *args)
    except Exception:
        log.exception("could not schedule %s on Redis; the next sweep will retry it", path)
        return False
    return True


def queue():
    """The RQ queue on REDIS_URL (one connection per process)."""
    config = current_app.config
    url = config["REDIS_URL"]
    connections = _connections()
    if url not in connections:
        connections[url] = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    return Queue(config.get("RQ_QUEUE", "engage"), connection=connections[url])


def _connections() -> dict:
    return current_app.extensions.setdefault("engage.redis", {})


# While Redis is down, jobs run inline without trying it again for this long: each try
# would cost the request the connect timeout. Logged once when it goes, once when it's back.
REDIS_RETRY_SECONDS = 10.0


def _dispatch(path: str, args: tuple) -> None:
    if current_app.config.get("REDIS_URL") and _redis_worth_trying():
        try:
            queue().enqueue(path, *args)
        except Exception:
            # Redis is down: do the work here rather than lose it.
            _redis_failed(path)
        else:
            _redis_worked()
            return
    run_inline(path, *args)


def _redis_state() -> dict:
    states = current_app.extensions.setdefault("engage.redis_state", {})
    return states.setdefault(current_app.config["REDIS_URL"], {"down_since": None})


def _redis_worth_trying() -> bool:
    down_since = _redis_state()["down_since"]
    return down_since is None or time.monotonic() - down_since >= REDIS_RETRY_SECONDS


def _redis_failed(path: str) -> None:
    state = _redis_state()
    if state["down_since"] is None:
        log.exception("could not queue %s on Redis; running jobs inline until it is back", path)
    state["down_since"] = time.monotonic()


def _redis_worked() -> None:
    state = _redis_state()
    if state["down_since"] is not None:
        log.warning("Redis is back: jobs are queued again")
        state["down_since"] = None


def run_inline(path: str, *args: Any) -> Any:
    module, name = path.rsplit(".", 1)
    func = getattr(importlib.import_module(module), name)
    # A fresh app context has a database session of its own.
    with current_app._get_current_object().app_context():
        return func(*args)


def discard_pending() -> None:
    """Forget queued work even when the session never started a transaction."""
    db.session.info.pop(_KEY, None)


def _drop_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint rolled back; the request's own work still stands
    session.info.pop(_KEY, None)


def init_app(app: Flask) -> None:
    # Registered once per process; the session class is shared by all apps.
    if not getattr(init_app, "_registered", False):
        event.listen(Session, "after_commit", _run_pending)
        event.listen(Session, "after_rollback", _drop_pending)
        init_app._registered = True  # type: ignore[attr-defined]
