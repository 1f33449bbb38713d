"""Community guidelines: numbered rules that every moderation decision cites.

Each edit publishes a new ``GuidelinesVersion`` holding a full copy of the rules, so a
decision made under rule 3 of version 2 still shows that wording after later edits.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("guidelines", __name__)
