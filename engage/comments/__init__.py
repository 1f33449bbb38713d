"""Comments: threaded, on any target (consultation, proposal, later clauses and amendments)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("comments", __name__)
