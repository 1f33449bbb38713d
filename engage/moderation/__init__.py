"""Moderation: reports and held content (intake), queue, decisions, appeals, public log.

One blueprint, ``moderation``, mounted at /moderation. Each subpackage's ``routes`` module
adds its routes to ``bp`` when imported; each is listed once in ROUTE_MODULES below.
"""

from __future__ import annotations

import importlib

from flask import Blueprint

bp = Blueprint("moderation", __name__)

# Modules that define routes on ``bp``. Append yours; no try/except: a broken module
# should fail loudly.
ROUTE_MODULES = (
    "engage.moderation.reports.routes",
    "engage.moderation.queue.routes",
    "engage.moderation.decisions.routes",
    "engage.moderation.appeals.routes",
    "engage.moderation.public_log.routes",
)


def load_routes() -> Blueprint:
    """Import every route module, then hand back the blueprint to register."""
    for name in ROUTE_MODULES:
        importlib.import_module(name)
    return bp
