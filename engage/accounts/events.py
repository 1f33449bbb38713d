"""Security events a person can see on their account page.

Sign-ins, failed sign-ins, password and second-factor changes, sign-outs everywhere,
lockouts and unlocks. Each event keeps its kind, time and a rough device ("Firefox on
Android"), never an IP address or the User-Agent header, and is deleted after
``SECURITY_EVENT_RETENTION_DAYS`` (90, as the privacy notice says) by
``flask purge-expired``.

Other features record their own kinds: ``record_security_event(user, "second_factor_enabled")``.
A kind needs a label here so the page can say what happened; an unknown kind is a
programming error and raises ``ValueError``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String, delete
from sqlalchemy.orm import Mapped, mapped_column

from engage.accounts.devices import current_device, device_label
from engage.database import UTCDateTime, utcnow
from engage.extensions import db
from engage.pagination import keyset_page

if TYPE_CHECKING:
    from engage.accounts.models import User

SECURITY_EVENT_KINDS: dict[str, Any] = {
    "signed_in": _l("Signed in"),
    "sign_in_failed": _l("Someone tried to sign in with a wrong password"),
    "sign_in_refused_locked": _l("A sign-in was refused because sign-in was locked"),
    "locked": _l("Sign-in locked for a while after too many wrong passwords"),
    "unlocked": _l("Sign-in unlocked with the link we emailed"),
    "signed_out_everywhere": _l("Signed out everywhere"),
    "session_ended": _l("Signed out another device"),
    "password_changed": _l("Password changed"),
    "password_reset": _l("Password reset with an emailed link"),
    "second_factor_enabled": _l("Two-step sign-in turned on"),
    "second_factor_disabled": _l("Two-step sign-in turned off"),
    "second_factor_reset": _l("Two-step sign-in reset by an administrator"),
    "recovery_code_used": _l("A recovery code was used to sign in"),
    "recovery_codes_regenerated": _l("New recovery codes made"),
}


class SecurityEvent(db.Model):
    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    browser: Mapped[str] = mapped_column(String(40), default="")
    system: Mapped[str] = mapped_column(String(20), default="")
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    @property
    def label(self) -> str:
        return str(SECURITY_EVENT_KINDS.get(self.kind, self.kind))

    @property
    def device(self) -> str:
        return device_label(self.browser, self.system)

    @property
    def other_device(self) -> str | None:
        """For an ended session: the device it was on."""
        if self.kind != "session_ended" or not self.details:
            return None
        return device_label(self.details.get("browser"), self.details.get("system"))


def record_security_event(user: User, kind: str, **details: Any) -> SecurityEvent:
    """Add an event to the current transaction (it commits with the change it records).

    The device is the request's when the person themself (or someone signing in as
    them) made it; an administrator's browser is never shown as the person's device.
    """
    if kind not in SECURITY_EVENT_KINDS:
        raise ValueError(f"unknown security event kind {kind!r}")
    browser = system = ""
    if has_request_context() and _acting_as(user):
        browser, system = current_device()
    event = SecurityEvent(
        user_id=user.id,
        kind=kind,
        browser=browser,
        system=system,
        details=details or None,
        created_at=utcnow(),
    )
    db.session.add(event)
    return event


def _acting_as(user: User) -> bool:
    return not current_user.is_authenticated or current_user.id == user.id


def recent_events(user: User, after: int | None = None, size: int = 10):
    query = db.select(SecurityEvent).where(SecurityEvent.user_id == user.id)
    return keyset_page(query, SecurityEvent.id, after, size=size)


def retention() -> timedelta:
    return timedelta(days=current_app.config["SECURITY_EVENT_RETENTION_DAYS"])


def purge_old_events(now: datetime | None = None) -> int:
    """Delete events older than the retention the privacy notice promises."""
    cutoff = (now or utcnow()) - retention()
    result = db.session.execute(delete(SecurityEvent).where(SecurityEvent.created_at < cutoff))
    return result.rowcount or 0
