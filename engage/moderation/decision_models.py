"""Moderators' decisions: actions with the rule they cite, appeals, suspensions.

Everything here is append-only: an action is never edited; a later action (a restore
after an appeal) is a new row, so the public log tells the whole story.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.guidelines.models import GuidelinesVersion


class Decision(StrEnum):
    """What a moderator did (ModerationAction.action)."""

    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    APPROVE = "approve"
    REQUEST_EDIT = "request_edit"
    SUSPEND = "suspend"
    # Not a moderator's: the item was hidden when enough people reported it (intake).
    AUTO_HIDE = "auto_hide"


# What the person it was about may appeal (and a moderator may undo): what took something
# away from them. An approval or a restore gives something back, so it invites no appeal.
APPEALABLE = (Decision.HIDE, Decision.REQUEST_EDIT, Decision.SUSPEND, Decision.AUTO_HIDE)


class AppealStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"  # the moderator's decision stands
    OVERTURNED = "overturned"  # the decision was wrong and is undone


def public_ref(target_type: str, target_id: int) -> str:
    """A stable anonymous reference for one item: the same for every action on it, and
    it can't be turned back into the item without the site's secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{target_type}:{target_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:8].upper()


class ModerationAction(db.Model):
    __tablename__ = "moderation_actions"
    __table_args__ = (
        Index("ix_moderation_actions_target", "target_type", "target_id"),
        Index("ix_moderation_actions_consultation", "consultation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The intake case it settled (None for a restore outside any case).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_cases.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"))
    # Whose content (or which person, for a suspension): they are told, and they may appeal.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # None for an automatic hide (Decision.AUTO_HIDE): nobody decided it.
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    rule_number: Mapped[int | None]
    guidelines_version_id: Mapped[int | None] = mapped_column(ForeignKey("guidelines_versions.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    # The same for every action on one item, and says nothing about who or what it is.
    public_ref: Mapped[str] = mapped_column(String(16), index=True)
    # From the first report (or the hold) to this decision; None when nothing was waiting.
    response_seconds: Mapped[int | None]
    # An automatic hide: how many people had reported the item when it was hidden.
    report_count: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id], lazy="joined")
    guidelines_version: Mapped[GuidelinesVersion | None] = relationship(lazy="joined")
    appeal: Mapped[Appeal | None] = relationship(
        back_populates="action",
        uselist=False,
        lazy="joined",
        foreign_keys="Appeal.action_id",
    )

    @property
    def undone(self) -> bool:
        """A later restore of the same item undid this (loaded on demand: case page only)."""
        later = db.session.scalar(
            db.select(ModerationAction.id)
            .where(
                ModerationAction.target_type == self.target_type,
                ModerationAction.target_id == self.target_id,
                ModerationAction.action == Decision.RESTORE,
                ModerationAction.id > self.id,
            )
            .limit(1)
        )
        return later is not None

    @property
    def rule(self):
        """The rule it cites. A restore cites none: it overturns an earlier decision (older
        restores kept that decision's rule, which was never their reason)."""
        if self.action == Decision.RESTORE:
            return None
        version = self.guidelines_version
        return version.rule(self.rule_number) if version else None


class Appeal(db.Model):
    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("moderation_actions.id"), unique=True)
    appellant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=AppealStatus.OPEN, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    # The restore that an overturned appeal made, if any.
    result_action_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_actions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    action: Mapped[ModerationAction] = relationship(
        back_populates="appeal", foreign_keys=[action_id]
    )
    appellant: Mapped[User] = relationship(foreign_keys=[appellant_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Suspension(db.Model):
    """A person may not take part until ``ends_at``; User.suspended_until mirrors the
    latest end so that permission checks need no query."""

    __tablename__ = "suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_actions.id"))
    moderator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
