"""The header's staff counts, kept briefly so that pages cost no more queries.

Every staff page shows them, so computing them on each request would add a query to every
page's budget. They are kept per signed-in session for STAFF_COUNTS_SECONDS (a minute by
default) in this process, and dropped at once when this process handles a successful
POST (a decision, an answer, a report may have changed them), when the writer's are
counted again at once (signing in is a POST too). Another process's POST shows here
within the minute; the worklist pages themselves are always exact.
"""

from __future__ import annotations

import time
from threading import Lock
from typing import Any

from flask import Flask, current_app, g, request
from flask_login import current_user

from engage.staff import queries
from engage.staff.permissions import has_worklist

_KEY = "staff_counts"


class CountCache:
    def __init__(self) -> None:
        self._items: dict[str, tuple[float, int, dict[str, Any]]] = {}
        self._lock = Lock()
        self.generation = 0

    def get(self, key: str, seconds: float) -> dict[str, Any] | None:
        with self._lock:
            found = self._items.get(key)
        if found is None:
            return None
        at, generation, value = found
        if generation != self.generation or time.monotonic() - at > seconds:
            return None
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            if len(self._items) > 10_000:  # sessions come and go: start again
                self._items.clear()
            self._items[key] = (time.monotonic(), self.generation, value)

    def forget_all(self) -> None:
        with self._lock:
            self.generation += 1


def staff_counts() -> dict[str, Any]:
    """{"moderation": open cases, "total": everything on the worklist}, or zeros."""
    if "staff_counts" in g:
        return g.staff_counts
    value = {"moderation": 0, "total": 0}
    if has_worklist(current_user):
        cache: CountCache = current_app.extensions[_KEY]
        key = current_user.get_id()
        seconds = current_app.config["STAFF_COUNTS_SECONDS"]
        value = cache.get(key, seconds)
        if value is None:
            value = queries.counts(current_user)
            cache.put(key, value)
    g.staff_counts = value
    return value


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = CountCache()
    app.add_template_global(staff_counts)

    @app.before_request
    def note_the_writer():
        """Whether the person writing has a worklist, asked while their roles are loaded:
        after the commit it would load them again, two queries for every write."""
        if request.method == "POST" and current_user.is_authenticated:
            g.writer_has_worklist = has_worklist(current_user)

    @app.after_request
    def forget_after_writes(response):
        """After a write (committed by now), drop every kept count and count again for
        the writer, so their next page, the first after signing in too, costs the same
        queries as any other."""
        if request.method == "POST" and response.status_code < 400:
            cache: CountCache = app.extensions[_KEY]
            cache.forget_all()
            staff = g.get("writer_has_worklist")
            if staff is None:  # signed in by this very request: ask now
                staff = has_worklist(current_user)
            if staff:
                cache.put(current_user.get_id(), queries.counts(current_user))
        return response
