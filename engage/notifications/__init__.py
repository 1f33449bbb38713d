"""Follows, in-app notices, email settings and deliveries (digests, retries, unsubscribe)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("notifications", __name__)
