"""Drafts: a consultation's policy text in sections and clauses, with published versions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("drafts", __name__)
