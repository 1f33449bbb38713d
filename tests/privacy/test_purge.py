from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from engage.accounts.events import SecurityEvent, record_security_event
from engage.accounts.models import User, find_user_by_email
from engage.audit.models import AuditEntry
from engage.database import utcnow
from engage.extensions import db
from engage.notifications.models import Delivery
from engage.privacy.models import DataExport


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_purge_removes_what_is_past_its_period_and_says_so(app, factories):
    now = utcnow()
    old = now - timedelta(days=400)
    person = factories.user()
    stale = factories.user(verified=False, email="never.confirmed@example.org")
    stale.created_at = now - timedelta(days=31)
    fresh = factories.user(verified=False, email="just.registered@example.org")
    record_security_event(person, "signed_in").created_at = old
    record_security_event(person, "signed_in")
    for status, created in (("sent", old), ("failed", old), ("queued", old), ("sent", now)):
        db.session.add(
            Delivery(
                user_id=person.id,
                to_address=person.email,
                subject="Hi",
                message=b"x",
                status=status,
                created_at=created,
            )
        )
    db.session.add(
        DataExport(user_id=person.id, token_hash="a" * 64, expires_at=now - timedelta(hours=1))
    )
    db.session.add(
        DataExport(user_id=person.id, token_hash="b" * 64, expires_at=now + timedelta(hours=1))
    )
    db.session.commit()
    users_before = _count(User)

    result = app.test_cli_runner().invoke(args=["purge"])

    assert result.exit_code == 0, result.output
    assert "security events: 1 removed" in result.output
    assert "email deliveries: 2 removed" in result.output
    assert "expired download links: 1 removed" in result.output
    assert "unverified accounts: 1 removed" in result.output
    db.session.expire_all()
    assert _count(SecurityEvent) == 1
    assert sorted(d.status for d in db.session.scalars(select(Delivery))) == ["queued", "sent"]
    assert _count(DataExport) == 1
    assert find_user_by_email("never.confirmed@example.org") is None
    assert find_user_by_email(fresh.email) is not None
    # No former-participant row is left for an account that never did anything.
    assert _count(User) == users_before - 1
    assert (
        db.session.scalar(select(func.count()).where(AuditEntry.action == "account.deleted")) == 1
    )
    # A second run finds nothing more.
    again = app.test_cli_runner().invoke(args=["purge"])
    assert "Total: 0 removed." in again.output
