"""Sign-in sessions kept on the server, so that signing out really ends them.

Each sign-in gets a row and a random token. The token goes into the id Flask-Login keeps
in the session cookie and in the remember-me cookie (``User.get_id`` is
``"<user id>:<token>"``); only its SHA-256 is stored. The user loader accepts a cookie
only while its row exists, so deleting a row signs that browser out, whatever copies of
its cookies anyone kept. ``last_seen_at`` is written at most every
``SESSION_TOUCH_SECONDS``, not on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column

from engage.accounts.devices import current_device, device_label
from engage.accounts.models import User
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User


class UserSession(db.Model):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    browser: Mapped[str] = mapped_column(String(40), default="")
    system: Mapped[str] = mapped_column(String(20), default="")

    @property
    def device(self) -> str:
        return device_label(self.browser, self.system)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _idle_limit() -> timedelta:
    """A session unused for longer than the remember-me cookie lasts is over."""
    return current_app.config["REMEMBER_COOKIE_DURATION"]


def start_session(user: User) -> UserSession:
    """A new session for a sign-in; call before ``login_user`` so the cookie carries it."""
    token = secrets.token_urlsafe(32)
    browser, system = current_device()
    now = utcnow()
    row = UserSession(
        user_id=user.id,
        token_hash=_hash(token),
        created_at=now,
        last_seen_at=now,
        browser=browser,
        system=system,
    )
    db.session.add(row)
    db.session.flush()
    user.attach_session(row, token)
    return row


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user whose live session this cookie names."""
    raw_id, _, token = (user_id or "").partition(":")
    if not raw_id.isdigit() or len(raw_id) > 12 or not token:
        return None
    # One query for the session, its user and the user's roles (every signed-in request
    # pays it; the roles' own query was a second one: issue 23).
    found = (
        db.session.execute(
            select(User, UserSession)
            .join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.token_hash == _hash(token), User.id == int(raw_id))
            .options(joinedload(User.roles))
        )
        .unique()
        .first()
    )
    if found is None:
        return None
    user, row = found
    now = utcnow()
    if now - row.last_seen_at > _idle_limit():
        return None
    if (now - row.last_seen_at).total_seconds() > current_app.config["SESSION_TOUCH_SECONDS"]:
        row.last_seen_at = now
    user.attach_session(row, token)
    return user


def sessions_of(user: User) -> list[UserSession]:
    cutoff = utcnow() - _idle_limit()
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.last_seen_at >= cutoff)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def end_session(row: UserSession) -> None:
    db.session.delete(row)


def end_other_sessions(user: User, keep: UserSession | None = None) -> int:
    """End every session of the user except ``keep`` (None: every one)."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    return db.session.execute(query).rowcount or 0


def purge_idle_sessions(now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - _idle_limit()
    result = db.session.execute(delete(UserSession).where(UserSession.last_seen_at < cutoff))
    return result.rowcount or 0
