"""When officials may record input for residents.

While the consultation is open; and after it closes, for input that arrived in time, until
the outcome is published or GRACE_DAYS have passed (letters arrive late; forms from an
event take time to type up). Input received after closing is refused: the date must be
on or before the closing day (in the site's timezone), and is required once closed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from engage.consultations.models import Consultation, ConsultationStatus
from engage.consultations.permissions import can_manage_consultation
from engage.database import utcnow
from engage.dates import site_timezone, when
from engage.permissions import Person

GRACE_DAYS = 30


def recording_ends(consultation: Consultation) -> datetime:
    return consultation.closes_at + timedelta(days=GRACE_DAYS)


def recording_refusal(user: Person, consultation: Consultation) -> str | None:
    """Why this person can't record input here now; None when they can.

    Recording is managing the consultation: the same rule as editing it (its department's
    officials, those named on it, admins), not any official.
    """
    if not can_manage_consultation(user, consultation):
        return _("Only officials can record input received on paper, by phone or at events.")
    status = consultation.status
    if status == ConsultationStatus.OPEN:
        return None
    if status == ConsultationStatus.CLOSED and utcnow() < recording_ends(consultation):
        return None
    if status == ConsultationStatus.CLOSED:
        return _(
            "Input for this consultation could be recorded until %(date)s.",
            date=when(recording_ends(consultation)),
        )
    if status == ConsultationStatus.OUTCOME:
        return _("The outcome is published, so no more input can be recorded.")
    if status == ConsultationStatus.UPCOMING:
        return _("This consultation opens on %(date)s.", date=when(consultation.opens_at))
    return _("This consultation is not published yet.")


def _local_day(moment: datetime) -> date:
    return moment.astimezone(site_timezone()).date()


def received_on_problem(consultation: Consultation, received_on: date | None) -> str | None:
    """Why this received date can't be accepted; None when it can."""
    closes = _local_day(consultation.closes_at)
    if received_on is None:
        if consultation.status == ConsultationStatus.OPEN:
            return None
        return _("Give the date it was received: the consultation has closed.")
    if received_on > _local_day(utcnow()):
        return _("The date it was received can't be in the future.")
    if received_on > closes:
        return _(
            "It arrived after the consultation closed on %(date)s.",
            date=when(consultation.closes_at, time=False),
        )
    return None
