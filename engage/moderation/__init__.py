"""Moderation: reports and held content (intake), queue, decisions, appeals, public log.

One blueprint, ``moderation``, mounted at /moderation; each subpackage's ``routes`` module
adds its views to it, and ``engage.moderation.routes`` gathers them. Shared by the
subpackages and read by other features: the models, the content adapter (``content``),
screening of new content (``intake``) and who may see held or hidden items
(``visibility``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("moderation", __name__)
