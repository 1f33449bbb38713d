"""Moderation: reports and held content (intake), queue, decisions, appeals, public log.

One blueprint, ``moderation``, mounted at /moderation. Route modules add their routes to
``bp`` when imported; each helper's module is listed once in ROUTE_MODULES below.
"""

from __future__ import annotations

import importlib

from flask import Blueprint

bp = Blueprint("moderation", __name__)

# Modules that define routes on ``bp``. Append yours; no try/except: a broken module
# should fail loudly.
ROUTE_MODULES = (
    "engage.moderation.reports_routes",
    "engage.moderation.queue_routes",
    "engage.moderation.actions_routes",
    "engage.moderation.appeals_routes",
    "engage.moderation.public_log_routes",
)


def load_routes() -> Blueprint:
    """Import every route module, then hand back the blueprint to register."""
    for name in ROUTE_MODULES:
        importlib.import_module(name)
    return bp
