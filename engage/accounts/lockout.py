"""Failed sign-ins counted per account, from any address, with a lock the owner can lift.

Per-address limits (RATELIMIT_LOGIN) don't stop guessing from many addresses, and behind
a shared address they lock out everyone. So wrong passwords are also counted per email
address: ``ACCOUNT_LOCKOUT_FAILURES`` within an hour lock that account's sign-in for
``ACCOUNT_LOCKOUT_MINUTES``, for the right password too. The owner gets an email with a
link that lifts the lock at once, so nobody can keep a real person out for long.

Rows are keyed by an HMAC of the address, and unknown addresses are counted and "locked"
exactly like real ones: the answers never reveal whether an account exists.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from engage.accounts.models import normalise_email
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User

WINDOW = timedelta(hours=1)


class SignInLock(db.Model):
    __tablename__ = "sign_in_locks"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


def email_key(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def _row(email: str) -> SignInLock | None:
    return db.session.get(SignInLock, email_key(email))


def locked_until(email: str) -> datetime | None:
    """When the lock on this address ends, if it is locked now."""
    row = _row(email)
    if row is not None and row.locked_until is not None and row.locked_until > utcnow():
        return row.locked_until
    return None


def note_failure(email: str) -> datetime | None:
    """Count a wrong password; the end of the lock if this one locked the address."""
    now = utcnow()
    row = _row(email) or _new_row(email, now)
    if now - row.window_started_at > WINDOW:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    if row.failures < current_app.config["ACCOUNT_LOCKOUT_FAILURES"]:
        return None
    row.failures, row.window_started_at = 0, now
    row.locked_until = now + timedelta(minutes=current_app.config["ACCOUNT_LOCKOUT_MINUTES"])
    return row.locked_until


def _new_row(email: str, now: datetime) -> SignInLock:
    row = SignInLock(key=email_key(email), failures=0, window_started_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # Another request counted the first failure at the same moment.
        return _row(email)
    return row


def clear(email: str) -> None:
    db.session.execute(delete(SignInLock).where(SignInLock.key == email_key(email)))


def unlock(user: User, until: str) -> bool:
    """Lift the lock the emailed link was made for; False if it has ended or was lifted."""
    row = _row(user.email)
    if row is None or row.locked_until is None or row.locked_until <= utcnow():
        return False
    if row.locked_until.isoformat() != until:
        return False
    row.locked_until = None
    row.failures = 0
    return True


def purge_old_locks(now: datetime | None = None) -> int:
    """Rows whose lock and counting window are both over say nothing any more."""
    cutoff = (now or utcnow()) - WINDOW
    result = db.session.execute(
        delete(SignInLock).where(
            SignInLock.window_started_at < cutoff,
            (SignInLock.locked_until.is_(None)) | (SignInLock.locked_until < (now or utcnow())),
        )
    )
    return result.rowcount or 0
