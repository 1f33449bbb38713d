from __future__ import annotations

from typing import Any

from engage.audit.models import AuditEntry
from engage.extensions import db


def record(
    actor: Any,
    action: str,
    target_type: str,
    target_id: int | None,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction; it commits with the action itself."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
