"""The public moderation log, its statistics and its CSV download: open to everyone."""

from __future__ import annotations

from flask import Response, stream_with_context

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.htmx import render
from engage.moderation import bp
from engage.moderation.public_log.queries import (
    ACTION_NAMES,
    APPEAL_OUTCOMES,
    ITEM_TYPES,
    csv_lines,
    log_page,
    rule_label,
    statistics,
)
from engage.params import arg_int


def _consultation():
    consultation_id = arg_int("consultation")
    consultation = db.session.get(Consultation, consultation_id) if consultation_id else None
    if consultation is not None and not consultation.is_published:
        consultation = None  # drafts have no public log
    return consultation


@bp.get("/log")
def public_log():
    """Every decision, newest first: date, action, rule, kind of item, reference, appeal."""
    consultation = _consultation()
    scope = consultation.id if consultation else None
    page = log_page(scope, arg_int("after"))
    return render(
        "moderation/public_log.html",
        fragment="moderation/_log_rows.html",
        results=page,
        consultation=consultation,
        stats=statistics(scope),
        titles=_titles(page.items) if consultation is None else {},
        action_names=ACTION_NAMES,
        item_types=ITEM_TYPES,
        appeal_outcomes=APPEAL_OUTCOMES,
        rule_label=rule_label,
    )


def _titles(decisions) -> dict[int, str]:
    """The published consultations the page's decisions belong to, in one query."""
    ids = {d.consultation_id for d in decisions if d.consultation_id}
    if not ids:
        return {}
    rows = db.session.scalars(db.select(Consultation).where(Consultation.id.in_(ids)))
    return {c.id: c.title for c in rows if c.is_published}


@bp.get("/log.csv")
def public_log_csv():
    consultation = _consultation()
    name = f"moderation-log-{consultation.slug}.csv" if consultation else "moderation-log.csv"
    return Response(
        stream_with_context(csv_lines(consultation.id if consultation else None)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
