"""Display preferences: larger text, high contrast, reduced motion, wider spacing."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("preferences", __name__)
