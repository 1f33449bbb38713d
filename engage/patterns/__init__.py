"""/patterns: every component of the site in every state, from the site's own macros and
partials, for designers and for the accessibility sweep. Registered in development and
tests only (``PATTERNS``, ENGAGE_PATTERNS): production has no such page."""

from flask import Blueprint

bp = Blueprint("patterns", __name__)
