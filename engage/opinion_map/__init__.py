"""Opinion map (issue 16): short statements that people agree, disagree or pass on, and
the groups of opinion and consensus found in those votes (Polis-style)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("opinion_map", __name__)
