"""Measurement hooks for the benchmarks (benchmarks/run.py); off unless configured.

``SERVER_TIMING=1``: every response carries ``Server-Timing: app;dur=<ms>`` and
``X-Query-Count: <SQL statements run for this request>``.
``BENCHMARK_CEILING=1``: adds ``/_ceiling``, the base layout with nothing in it and no
queries — the fastest page the stack can serve, which other pages are compared with.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any

from flask import Flask, Response, g, has_request_context, render_template
from sqlalchemy import event
from sqlalchemy.engine import Engine

_listening = False


def init_app(app: Flask) -> None:
    if app.config.get("SERVER_TIMING"):
        _listen_for_queries()
        app.before_request(_start)
        app.after_request(_stop)
    if app.config.get("BENCHMARK_CEILING"):
        app.add_url_rule("/_ceiling", "ceiling", _ceiling)


def _listen_for_queries() -> None:
    global _listening
    if not _listening:
        event.listen(Engine, "before_cursor_execute", _count_query)
        _listening = True


def _count_query(*_args: Any) -> None:
    if has_request_context() and "timing_started" in g:
        g.timing_queries = g.get("timing_queries", 0) + 1


def _start() -> None:
    g.timing_started = perf_counter()
    g.timing_queries = 0


def _stop(response: Response) -> Response:
    started = g.get("timing_started")
    if started is not None:
        response.headers["Server-Timing"] = f"app;dur={(perf_counter() - started) * 1000:.2f}"
        response.headers["X-Query-Count"] = str(g.get("timing_queries", 0))
    return response


def _ceiling() -> str:
    return render_template("ceiling.html")
