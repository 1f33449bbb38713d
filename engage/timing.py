"""Measurement hooks for the benchmarks (benchmarks/run.py); off unless configured.

``SERVER_TIMING=1``: every response carries ``Server-Timing: app;dur=<ms>`` and
``X-Query-Count: <SQL statements run for this request>``.
``BENCHMARK_CEILING=1``: adds ``/_ceiling``, the base layout with nothing in it and no
queries — the fastest page the stack can serve, which other pages are compared with —
and ``/_stats``: this worker's process id, resident memory and fragment-cache figures.
"""

from __future__ import annotations

import os
import resource
from time import perf_counter
from typing import Any

from flask import Flask, Response, g, has_request_context, jsonify, render_template
from sqlalchemy import event
from sqlalchemy.engine import Engine

from engage import fragments

_listening = False


def init_app(app: Flask) -> None:
    if app.config.get("SERVER_TIMING"):
        _listen_for_queries()
        app.before_request(_start)
        app.after_request(_stop)
    if app.config.get("BENCHMARK_CEILING"):
        app.add_url_rule("/_ceiling", "ceiling", _ceiling)
        app.add_url_rule("/_stats", "worker_stats", _worker_stats)


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


def _worker_stats() -> Response:
    with open("/proc/self/statm") as statm:  # Linux: pages; the second figure is resident
        resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return jsonify(
        pid=os.getpid(),
        rss_bytes=resident,
        peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        fragments=fragments.cache().stats(),
    )
