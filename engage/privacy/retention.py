"""``flask purge``: remove what the privacy notice says we keep only for a while.

Each period is in the configuration (README, "Configuration") and stated in the privacy
notice from the same values. Nothing here touches what people wrote.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from engage.accounts.events import purge_old_events
from engage.accounts.lockout import purge_old_locks
from engage.accounts.models import User
from engage.accounts.sessions import purge_idle_sessions
from engage.database import utcnow
from engage.extensions import db
from engage.notifications.models import Delivery, DeliveryStatus
from engage.privacy import deletion
from engage.privacy.export import purge_expired_exports
from engage.privacy.models import DeletionChoice


def purge(now: datetime | None = None) -> dict[str, int]:
    """Everything past its period, removed in this transaction; what was removed, by kind."""
    now = now or utcnow()
    config = current_app.config
    return {
        "security events": purge_old_events(now),
        "idle sign-in sessions": purge_idle_sessions(now),
        "sign-in locks": purge_old_locks(now),
        "expired download links": purge_expired_exports(now),
        "email deliveries": _old_deliveries(
            now - timedelta(days=config["DELIVERY_RETENTION_DAYS"])
        ),
        "unverified accounts": _unverified_accounts(
            now - timedelta(days=config["UNVERIFIED_ACCOUNT_DAYS"])
        ),
    }


def _old_deliveries(cutoff: datetime) -> int:
    """Sent or given-up emails; those still on their way are kept whatever their age."""
    done = Delivery.status.in_((DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED))
    result = db.session.execute(delete(Delivery).where(Delivery.created_at < cutoff, done))
    return result.rowcount or 0


def _unverified_accounts(cutoff: datetime) -> int:
    """Accounts whose email was never confirmed: they can't take part, so hold nothing
    public; deleted the way their owner could have (account.deleted in the audit log)."""
    users = db.session.scalars(
        select(User).where(
            User.email_verified_at.is_(None),
            User.created_at < cutoff,
            ~User.email.endswith("@" + deletion.FORMER_DOMAIN),
        )
    ).all()
    for user in users:
        deletion.delete_account(user, DeletionChoice.REMOVE)
    return len(users)
