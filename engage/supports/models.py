"""The columns every support table has."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from engage.database import UTCDateTime, utcnow


class SupportMixin:
    """One person backing one thing; the unique (thing, person) pair settles concurrent
    clicks. A table declares the column pointing at the thing and names it in
    ``target_key``; the thing has a ``support_count``."""

    target_key: ClassVar[str]

    # sort_order: the table's own column comes second, as in the tables' first migration.
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, sort_order=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, sort_order=1)

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple:
        return (UniqueConstraint(cls.target_key, "user_id"),)

    @classmethod
    def target(cls) -> Any:
        """The column pointing at the supported thing."""
        return getattr(cls, cls.target_key)
