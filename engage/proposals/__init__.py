"""Proposals: residents' ideas inside a consultation, with supports and versions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("proposals", __name__)
