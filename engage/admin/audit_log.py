"""Filtering the audit log: by action, actor, target type and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, or_, select

from engage.accounts.models import User
from engage.audit.models import AuditEntry


@dataclass
class AuditFilters:
    action: str = ""
    actor: str = ""
    target_type: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        return cls(
            action=args.get("action", "").strip()[:64],
            actor=args.get("actor", "").strip()[:100],
            target_type=args.get("target_type", "").strip()[:32],
            since=_date(args.get("since")),
            until=_date(args.get("until")),
        )

    def as_args(self) -> dict[str, str]:
        """The filters as query arguments, for the next page's link."""
        values = {
            "action": self.action,
            "actor": self.actor,
            "target_type": self.target_type,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {k: v for k, v in values.items() if v}

    def apply(self, query: Select) -> Select:
        if self.action:
            # "moderation" finds every moderation.* action; "moderation.hide" just that one.
            query = query.where(
                or_(
                    AuditEntry.action == self.action,
                    AuditEntry.action.startswith(self.action + ".", autoescape=True),
                )
            )
        if self.actor:
            people = select(User.id).where(
                or_(
                    User.display_name.icontains(self.actor, autoescape=True),
                    User.email.contains(self.actor.lower(), autoescape=True),
                )
            )
            query = query.where(AuditEntry.actor_id.in_(people))
        if self.target_type:
            query = query.where(AuditEntry.target_type == self.target_type)
        if self.since:
            query = query.where(AuditEntry.created_at >= _start(self.since))
        if self.until:
            query = query.where(AuditEntry.created_at < _start(self.until + timedelta(days=1)))
        return query


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


TARGET_TYPES = (
    "user",
    "consultation",
    "proposal",
    "comment",
    "amendment",
    "topic",
    "guidelines_version",
    "appeal",
    "draft",
    "clause",
    "commitment",
)
