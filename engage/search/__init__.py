"""Full-text search over consultations, proposals and comments: one interface, two engines."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("search", __name__)
