"""Sending one recorded email: claim it, hand it to SMTP, record what happened.

A failure is retried with growing delays (MAIL_RETRY_DELAYS, seconds) and, after the
last one, marked failed with the error kept: nothing is dropped silently. With Redis the
retry is scheduled on RQ; without it (or if scheduling fails) ``flask notify-due`` sends
whatever is due. The claim (a conditional UPDATE) makes sure two runners never both send.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from engage import jobs, mail
from engage.database import utcnow
from engage.extensions import db
from engage.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)
SEND_JOB = "engage.notifications.tasks.send_delivery"
DEFAULT_DELAYS = (60, 300, 1800, 7200)
# How long a claimed send may take before a sweep may try it again; also the grace a
# queued email gets before the sweep assumes its job was lost.
LEASE = timedelta(minutes=10)


def retry_delays() -> tuple[int, ...]:
    return tuple(current_app.config.get("MAIL_RETRY_DELAYS", DEFAULT_DELAYS))


def _claim(delivery_id: int, now: datetime) -> bool:
    table = Delivery
    claimed = db.session.execute(
        update(table)
        .where(
            table.id == delivery_id,
            or_(
                table.status.in_((DeliveryStatus.QUEUED, DeliveryStatus.RETRYING)),
                (table.status == DeliveryStatus.SENDING) & (table.next_attempt_at <= now),
            ),
        )
        .values(status=DeliveryStatus.SENDING, next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def send(delivery_id: int, now: datetime | None = None) -> str | None:
    """Try once. Returns the status afterwards (None if there is no such delivery)."""
    now = now or utcnow()
    if not _claim(delivery_id, now):
        delivery = db.session.get(Delivery, delivery_id)
        return delivery.status if delivery else None
    delivery = db.session.get(Delivery, delivery_id)
    delivery.attempts += 1
    try:
        mail.deliver(delivery.message)
    except Exception as error:
        _failed(delivery, error, now)
    else:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = (
            DeliveryStatus.SENT,
            utcnow(),
            None,
        )
        db.session.commit()
    return delivery.status


def _failed(delivery: Delivery, error: Exception, now: datetime) -> None:
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    delays = retry_delays()
    if delivery.attempts > len(delays):
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        log.error(
            "email %s to %s failed for good after %s attempts: %s",
            delivery.id,
            delivery.to_address,
            delivery.attempts,
            delivery.last_error,
        )
        db.session.commit()
        return
    delay = timedelta(seconds=delays[delivery.attempts - 1])
    delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, now + delay
    log.warning(
        "email %s failed (attempt %s), retrying in %s: %s",
        delivery.id,
        delivery.attempts,
        delay,
        delivery.last_error,
    )
    db.session.commit()
    jobs.enqueue_in(delay, SEND_JOB, delivery.id)


def due(now: datetime | None = None) -> list[int]:
    """Deliveries whose retry time has come, or whose job seems lost."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Delivery.id)
            .where(
                Delivery.status.in_(
                    (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SENDING)
                ),
                Delivery.next_attempt_at <= now,
            )
            .order_by(Delivery.id)
        )
    )


def retry_due(now: datetime | None = None) -> int:
    """Queue every due delivery again (sent by workers, or inline after the commit)."""
    ids = due(now)
    for delivery_id in ids:
        jobs.enqueue(SEND_JOB, delivery_id)
    db.session.commit()
    return len(ids)
