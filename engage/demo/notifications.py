"""Demo: the demo resident follows the main consultation and has a reply waiting.

Seeding runs through the real services, which make notices and queue emails for the demo
people; those emails are recorded as skipped instead, so ``flask seed-demo`` doesn't fill
the outbox with messages nobody asked for.
"""

from __future__ import annotations

from sqlalchemy import select, update

from engage.accounts.models import find_user_by_email
from engage.comments import service as comments
from engage.comments.targets import Target
from engage.extensions import db
from engage.notifications import service
from engage.notifications.models import Delivery, DeliveryStatus, Follow


def seed_notifications(consultation, residents) -> None:
    resident = find_user_by_email("resident@example.org")
    if resident is None or not residents:
        return
    already = select(Follow.id).where(Follow.user_id == resident.id).limit(1)
    if db.session.scalar(already) is None:
        target = Target("consultation", consultation, consultation)
        mine = comments.post_comment(
            resident, target, "Who checks that the police delete the images they don't need?"
        )
        comments.post_comment(
            residents[0],
            target,
            "The draft says an independent commissioner audits deletions every year.",
            parent=mine,
        )
        service.follow(resident, "consultation", consultation.id)
    db.session.execute(
        update(Delivery)
        .where(Delivery.status == DeliveryStatus.QUEUED)
        .values(status=DeliveryStatus.SKIPPED, last_error="demo data")
    )
    db.session.flush()
