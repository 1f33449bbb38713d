"""Site administration: people, roles and the audit log."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__)
