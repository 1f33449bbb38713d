"""Consultations: a public question on a technology policy, open between two dates."""

from __future__ import annotations

import re

from flask import Blueprint
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from engage import database
from engage.consultations.models import ConsultationStatus
from engage.consultations.translations import topic_label, topic_lang, topic_name
from engage.dates import due_text, overdue_text, when

bp = Blueprint("consultations", __name__)

STATUS_LABELS = {
    ConsultationStatus.DRAFT: _l("Draft"),
    ConsultationStatus.UPCOMING: _l("Upcoming"),
    ConsultationStatus.OPEN: _l("Open"),
    ConsultationStatus.CLOSED: _l("Closed"),
    ConsultationStatus.OUTCOME: _l("Outcome published"),
}
# Colour is a second signal only; the badge always says the status in words.
STATUS_BADGES = {
    ConsultationStatus.DRAFT: "badge--draft",
    ConsultationStatus.UPCOMING: "badge--published",
    ConsultationStatus.OPEN: "badge--open",
    ConsultationStatus.CLOSED: "badge--closed",
    ConsultationStatus.OUTCOME: "badge--published",
}


@bp.app_template_global()
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "")


bp.add_app_template_filter(when, "when")
bp.add_app_template_filter(due_text, "due_text")
bp.add_app_template_filter(overdue_text, "overdue_text")
# Topic names in the reader's language (and marked as the original where not translated).
for _function in (topic_name, topic_lang, topic_label):
    bp.add_app_template_global(_function)


@bp.app_template_global()
def utcnow():
    return database.utcnow()


@bp.app_template_global()
def time_left(consultation) -> str:
    """Where the consultation stands in time, in words: '3 weeks left', 'Opens in 2 days',
    'Closed 1 month ago' (Babel says the span in the reader's language)."""
    now = database.utcnow()
    status = consultation.status_at(now)
    if status == ConsultationStatus.OPEN:
        return _("%(time)s left", time=format_timedelta(consultation.closes_at - now))
    if status == ConsultationStatus.UPCOMING:
        return _("Opens in %(time)s", time=format_timedelta(consultation.opens_at - now))
    if status in (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME):
        return _("Closed %(time)s ago", time=format_timedelta(now - consultation.closes_at))
    return ""


@bp.app_template_filter()
def demote_headings(html: Markup) -> Markup:
    """Headings in a body shown under the page's own h2 start one level lower."""
    return Markup(re.sub(r"<(/?)h([2-5])>", lambda m: f"<{m[1]}h{int(m[2]) + 1}>", str(html)))  # noqa: S704
