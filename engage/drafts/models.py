"""A consultation's policy draft: ordered sections and clauses, and immutable published versions.

The working copy lives on `Clause` (officials edit it); publishing snapshots every clause
that is not removed into a `DraftVersion` with one `ClauseVersion` per clause. Sections and
clauses are numbered in separate sequences per draft ("Section 2", "Clause 7"); a number
is never reused, so "clause 7" means the same clause in every version. Look a clause up
with `kind == "clause"` and its number (`engage.drafts.queries.clause_by_number`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from engage.concurrency import Versioned
from engage.consultations.models import Consultation
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.accounts.models import User

SECTION = "section"
CLAUSE = "clause"
KINDS = (SECTION, CLAUSE)


class ImmutableVersionError(RuntimeError):
    """Raised on any attempt to change or delete a published draft version."""


class Draft(db.Model):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0 until the first version is published.
    current_version_number: Mapped[int] = mapped_column(default=0)
    # Set when the working copy is edited, cleared by publishing.
    has_unpublished_changes: Mapped[bool] = mapped_column(default=False)

    # Pages load the consultation first (by slug); the identity map then serves this.
    consultation: Mapped[Consultation] = relationship()

    @property
    def is_published(self) -> bool:
        return self.current_version_number > 0


class Clause(Versioned, db.Model):
    """One section heading or clause, with its stable number and current working text."""

    __tablename__ = "clauses"
    __table_args__ = (
        UniqueConstraint("draft_id", "kind", "number"),
        Index("ix_clauses_draft_position", "draft_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10), default=CLAUSE)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    removed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment_count: Mapped[int] = mapped_column(default=0)
    amendment_count: Mapped[int] = mapped_column(default=0)

    draft: Mapped[Draft] = relationship()

    @property
    def is_section(self) -> bool:
        return self.kind == SECTION

    @property
    def title(self) -> str:
        """How the clause is named in lists, comments and notices."""
        if self.is_section:
            return _("Section %(number)s", number=self.number)
        return _("Clause %(number)s", number=self.number)


class DraftVersion(db.Model):
    """A published, numbered, immutable snapshot of the whole draft."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    # The amendment whose acceptance produced this version (no foreign key here: the
    # amendments table comes in a later migration).
    credited_amendment_id: Mapped[int | None]
    clause_count: Mapped[int] = mapped_column(default=0)

    published_by: Mapped[User] = relationship(lazy="joined")


class ClauseVersion(db.Model):
    """One clause as it stood in one published version."""

    __tablename__ = "clause_versions"
    __table_args__ = (
        UniqueConstraint("draft_version_id", "clause_id"),
        Index("ix_clause_versions_version_position", "draft_version_id", "position"),
        Index("ix_clause_versions_clause", "clause_id", "draft_version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id"))
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    @property
    def is_section(self) -> bool:
        return self.kind == SECTION


# The consultation page links to its draft without a query of its own: None when there is
# no draft, 0 while it is unpublished, else the current version number.
Consultation.draft_version_number = column_property(
    select(Draft.current_version_number)
    .where(Draft.consultation_id == Consultation.id)
    .correlate_except(Draft)
    .scalar_subquery()
)


def _refuse_change(mapper, connection, target) -> None:
    raise ImmutableVersionError(
        f"{type(target).__name__} {target.id} is part of a published version and cannot change"
    )


for _model in (DraftVersion, ClauseVersion):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
