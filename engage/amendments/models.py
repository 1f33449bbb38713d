"""An amendment proposes to replace a clause's text, insert a clause after it, or delete it.

It keeps the clause text it was written against (``based_on_text``): when the published
clause no longer says that, the amendment is out of date and accepting it needs an
official to confirm an explicit merged text.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.database import UTCDateTime, utcnow
from engage.extensions import db
from engage.moderation.models import Visibility
from engage.supports.models import SupportMixin

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.drafts.models import Clause


class AmendmentKind(StrEnum):
    REPLACE = "replace"
    INSERT_AFTER = "insert_after"
    DELETE = "delete"


class AmendmentStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Amendment(db.Model):
    __tablename__ = "amendments"
    __table_args__ = (
        Index("ix_amendments_clause", "clause_id", "id"),
        Index("ix_amendments_draft_status", "draft_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The proposed wording: the clause's new text, or the new clause's (empty for delete).
    text: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text)
    based_on_version_number: Mapped[int]
    based_on_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=AmendmentStatus.PROPOSED)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_in_version_number: Mapped[int | None]
    # What was published when it was accepted: its own text, or the official's merge.
    accepted_text: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    support_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    # 'visible', or held by moderation: 'pending' (awaiting review) or 'hidden'.
    visibility: Mapped[str] = mapped_column(String(20), default=Visibility.VISIBLE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="select")
    clause: Mapped[Clause] = relationship(lazy="joined")

    @property
    def title(self) -> str:
        return _("Amendment %(id)d to clause %(number)d", id=self.id, number=self.clause.number)

    @property
    def is_open(self) -> bool:
        return self.status == AmendmentStatus.PROPOSED

    def out_of_date_against(self, published_text: str | None) -> bool:
        """Still open, and the clause's published text is no longer what it was written against."""
        return self.is_open and published_text is not None and published_text != self.based_on_text


class AmendmentSupport(SupportMixin, db.Model):
    """One person backing one amendment."""

    __tablename__ = "amendment_supports"
    target_key = "amendment_id"

    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
