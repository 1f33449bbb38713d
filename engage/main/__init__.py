"""Site-wide pages: home, language choice, health."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("main", __name__)
