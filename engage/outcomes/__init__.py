"""Outcomes: official responses, outcome reports, commitments and the accountability dashboard."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Blueprint, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.routing import BuildError

from engage.assisted import channel_label
from engage.channels import Channel
from engage.database import utcnow
from engage.i18n import text_direction
from engage.outcomes import charts, queries
from engage.outcomes.forms import COMMITMENT_LABELS, RESPONSE_LABELS
from engage.outcomes.models import ResponseStatus

bp = Blueprint("outcomes", __name__)


@bp.app_template_global()
def official_answer(proposal: Any) -> dict[str, Any]:
    """What the proposal page shows about its answer: the current one, earlier ones, whether
    it is overdue, and (once the outcome is out) the commitments it led to."""
    history = queries.response_history("proposal", proposal.id)
    current = history[0] if history else None
    published = proposal.consultation.outcome_published_at is not None
    return {
        "current": current,
        "earlier": history[1:],
        "overdue": queries.is_overdue(proposal, current, utcnow()),
        "commitments": queries.commitments_from("proposal", proposal.id) if published else [],
        "outcome_published": published,
    }


@bp.app_template_global()
def response_label(status: str) -> str:
    return str(_labels()[0].get(status, status))


@bp.app_template_global()
def commitment_label(status: str) -> str:
    return str(_labels()[1].get(status, status))


@cache
def _labels() -> tuple[dict, dict]:
    """(answers, commitments): status -> lazy label, built once (a report asks per row)."""
    return dict(RESPONSE_LABELS), dict(COMMITMENT_LABELS)


@bp.app_template_global()
def input_url(target_type: str, target_id: int) -> str | None:
    """Where an input lives; None when its feature (amendments, drafts) isn't installed."""
    endpoints = {
        "proposal": ("proposals.view_proposal", {"proposal_id": target_id}),
        "amendment": ("amendments.view_amendment", {"amendment_id": target_id}),
    }
    endpoint, args = endpoints.get(target_type, (None, {}))
    if endpoint is None:
        return None
    try:
        return url_for(endpoint, **args)
    except BuildError:
        return None


@bp.app_template_global()
def clause_url(slug: str, number: int) -> str | None:
    """A clause page of the draft (None when co-drafting isn't installed)."""
    try:
        return url_for("drafts.view_clause", slug=slug, number=number)
    except BuildError:
        return None


# Chart rows, built here rather than in templates (string extraction can't read {% do %}).


@bp.app_template_global()
def channel_rows(stats: dict) -> list[tuple[str, int]]:
    channels = stats.get("channels", {})
    return [(channel_label(ch), sum(channels.get(ch, {}).values())) for ch in Channel]


# How a proposal's answer is coloured in the chart: what the colours mean, in the legend.
ANSWER_TONES = (
    (ResponseStatus.ACCEPTED, "taken-up"),
    (ResponseStatus.PARTLY_ACCEPTED, "taken-up"),
    (ResponseStatus.IMPLEMENTED, "taken-up"),
    (ResponseStatus.UNDER_CONSIDERATION, "considering"),
    (ResponseStatus.REJECTED, "not-taken-up"),
)


@bp.app_template_global()
def answer_rows(stats: dict) -> list[tuple[str, int, str]]:
    answers = stats.get("answers", {})
    rows = [(response_label(status), answers.get(status, 0), tone) for status, tone in ANSWER_TONES]
    return rows + [(_("Not answered"), answers.get("unanswered", 0), "unanswered")]


@bp.app_template_global()
def answer_legend() -> list[tuple[str, str]]:
    return [
        ("taken-up", _("Taken up, in whole or in part")),
        ("considering", _("Still being considered")),
        ("not-taken-up", _("Not taken up")),
        ("unanswered", _("Not answered")),
    ]


@bp.app_template_global()
def bar_layout(rows: list[tuple]) -> charts.Layout:
    """The chart's positions, mirrored when the page reads right to left."""
    return charts.layout(rows, rtl=text_direction(str(get_locale())) == "rtl")


@bp.app_template_global()
def chart_svg_rows(chart: charts.Layout) -> Markup:
    return charts.svg_rows(chart)


@bp.app_template_global()
def share_rows(figures: list) -> list[tuple[str, int]]:
    return [(f.name or _("No department"), f.answered_share or 0) for f in figures]
