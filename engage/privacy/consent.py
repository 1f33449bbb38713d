"""Consent records: what someone agreed to, when, and under which privacy notice."""

from __future__ import annotations

from flask import current_app

from engage.extensions import db
from engage.privacy.models import ConsentRecord


def notice_version() -> str:
    return current_app.config["PRIVACY_NOTICE_VERSION"]


def _id(user) -> int:
    return user if isinstance(user, int) else user.id


def record(user, purpose: str, given: bool) -> ConsentRecord:
    """``user``: an account or its id."""
    row = ConsentRecord(
        user_id=_id(user), purpose=purpose, given=given, notice_version=notice_version()
    )
    db.session.add(row)
    return row


def latest(user, purpose: str) -> ConsentRecord | None:
    return db.session.scalar(
        db.select(ConsentRecord)
        .where(ConsentRecord.user_id == _id(user), ConsentRecord.purpose == purpose)
        .order_by(ConsentRecord.id.desc())
        .limit(1)
    )
