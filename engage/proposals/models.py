from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, case, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.channels import Channel
from engage.concurrency import Versioned
from engage.database import UTCDateTime, utcnow
from engage.extensions import db
from engage.moderation.models import Visibility
from engage.supports.models import SupportMixin

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.consultations.models import Consultation


class ProposalStatus(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


def withdrawn_last(status):
    """Sort key putting withdrawn proposals after the others. Written with literals (not
    bound parameters) so the database can match it to the listing indexes below."""
    return case(
        (status == literal_column(f"'{ProposalStatus.WITHDRAWN}'"), literal_column("1")),
        else_=literal_column("0"),
    )


class Proposal(Versioned, db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        Index("ix_proposals_consultation_created", "consultation_id", "id"),
        Index("ix_proposals_consultation_supports", "consultation_id", "support_count"),
        Index("ix_proposals_consultation_channel", "consultation_id", "channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.PUBLISHED)
    channel: Mapped[str] = mapped_column(String(20), default=Channel.ONLINE)
    # Input an official recorded for someone (paper, phone, event): who it came from, as
    # they gave their name (not an account; empty for anonymous), and the day it arrived.
    submitted_for_name: Mapped[str | None] = mapped_column(String(120))
    received_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    # Set when supports first reach the consultation's threshold: an official must answer.
    threshold_reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When an official first answered it (engage.outcomes keeps it with the answer): lists
    # tell "response due" from "answered" without a query per proposal.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    support_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    version_count: Mapped[int] = mapped_column(default=1)
    # People who accepted an invitation to write it together (engage/coauthors).
    coauthor_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # 'visible', or held by moderation: 'pending' (awaiting review) or 'hidden' (after
    # reports or a moderator's decision). Held proposals keep their place as placeholders.
    visibility: Mapped[str] = mapped_column(String(20), default=Visibility.VISIBLE)

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    versions: Mapped[list[ProposalVersion]] = relationship(
        back_populates="proposal", order_by="ProposalVersion.number", lazy="select"
    )

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ProposalStatus.WITHDRAWN

    def response_state(self, now: datetime) -> str | None:
        """Where the duty to answer stands: None (no duty: under the threshold), "answered",
        "overdue" (the due date passed without an answer) or "due"."""
        if self.answered_at is not None:
            return "answered"
        if self.threshold_reached_at is None:
            return None
        if self.response_due_at is not None and self.response_due_at < now:
            return "overdue"
        return "due"


# One page of a consultation's proposals (engage.proposals.queries.for_consultation) reads
# these in order and stops after ten rows, however many proposals there are.
Index(
    "ix_proposals_listing_supported",
    Proposal.consultation_id,
    withdrawn_last(Proposal.status),
    Proposal.support_count.desc(),
    Proposal.id.desc(),
)
Index(
    "ix_proposals_listing_newest",
    Proposal.consultation_id,
    withdrawn_last(Proposal.status),
    Proposal.id.desc(),
)


class ProposalVersion(db.Model):
    """An earlier wording, kept once a proposal has supports or comments."""

    __tablename__ = "proposal_versions"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="versions")
    editor: Mapped[User | None] = relationship(lazy="joined")


class Support(SupportMixin, db.Model):
    """One person backing one proposal."""

    __tablename__ = "supports"
    target_key = "proposal_id"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
