"""Amendments: residents propose new wording for a clause; officials accept or reject."""

from __future__ import annotations

from flask import Blueprint

from engage.amendments import queries
from engage.drafts.diff import whole
from engage.proposals.diff import word_diff

bp = Blueprint("amendments", __name__)


@bp.record_once
def _template_helpers(state) -> None:
    """What the draft's pages include from here (amendments/_clause_*.html, _version_credit)
    and the amendment macros use; globals, so imported macros see them too."""
    env = state.app.jinja_env.globals
    env.update(
        word_diff=word_diff,
        whole_change=whole,
        clause_amendments=queries.for_clause_page,
        credited_amendment=queries.credited,
    )
