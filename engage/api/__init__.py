"""Read-only JSON API, /api/v1/: the open datasets, paginated, for anyone, from anywhere."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

API_VERSION = "1"
