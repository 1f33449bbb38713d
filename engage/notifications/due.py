"""Date-driven events: a consultation opening or closing happens when a date passes, not
when someone clicks, so ``flask notify-due`` (cron, every few minutes) looks for them.

Each event is announced once: an Announcement row per (consultation, event), inserted
before the notices in the same transaction, under a unique constraint. Only events of the
last week are announced, so the first run on an old database doesn't flood anyone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.notifications import delivery, service
from engage.notifications.context import with_links
from engage.notifications.models import Announcement

WINDOW = timedelta(days=7)
EVENTS = {
    "opened": ("consultation_opened", Consultation.opens_at),
    "closed": ("consultation_closed", Consultation.closes_at),
    "outcome": ("outcome_published", Consultation.outcome_published_at),
}


def _candidates(event: str, now: datetime) -> list[Consultation]:
    column = EVENTS[event][1]
    announced = select(Announcement.id).where(
        Announcement.consultation_id == Consultation.id, Announcement.event == event
    )
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.published_at.is_not(None),
                and_(column.is_not(None), column <= now, column > now - WINDOW),
                ~announced.exists(),
            )
            .order_by(Consultation.id)
        )
    )


@with_links
def announce(consultation: Consultation, event: str) -> bool:
    """Tell the consultation's followers, once. False if it was already announced."""
    try:
        with db.session.begin_nested():
            db.session.add(Announcement(consultation_id=consultation.id, event=event))
    except IntegrityError:
        return False
    service.notify(
        EVENTS[event][0],
        service.followers("consultation", consultation.id),
        target_type="consultation",
        target_id=consultation.id,
        data={
            "title": consultation.title,
            "url": url_for("consultations.view_consultation", slug=consultation.slug),
        },
    )
    return True


def notify_due(now: datetime | None = None) -> dict[str, int]:
    """Announce what the dates say has happened, and resend emails that are due."""
    now = now or utcnow()
    counts = {}
    for event in EVENTS:
        done = 0
        for consultation in _candidates(event, now):
            done += announce(consultation, event)
            db.session.commit()
        counts[event] = done
    counts["retried"] = delivery.retry_due(now)
    return counts
