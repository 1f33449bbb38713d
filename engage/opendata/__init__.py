"""Open data: the public record of every consultation as versioned CSV and JSON datasets."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("opendata", __name__)

# Bump the major number when a field is removed, renamed or changes meaning; the minor
# number when fields or datasets are added. SCHEMA.md keeps the history.
SCHEMA_VERSION = "1.3"
