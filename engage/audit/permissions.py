"""Who may read the audit log."""

from __future__ import annotations

from engage.permissions import Person, can_admin


def can_view_audit_log(user: Person) -> bool:
    return can_admin(user)


PREDICATES = {"view_audit_log": can_view_audit_log}
