"""Staff worklists: what needs each moderator and official today, most urgent first, and
the counts beside the staff links in the header."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__)
