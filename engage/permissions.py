"""Named predicates: routes use them to refuse (403), templates to hide controls."""

from __future__ import annotations

from typing import Any

RESIDENT = "resident"
MODERATOR = "moderator"
OFFICIAL = "official"
ADMIN = "admin"
ROLES = (RESIDENT, MODERATOR, OFFICIAL, ADMIN)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user: Any, role: str) -> bool:
    return _signed_in(user) and role in user.role_names


def can_admin(user: Any) -> bool:
    return has_role(user, ADMIN)


def can_moderate(user: Any) -> bool:
    return has_role(user, MODERATOR) or can_admin(user)


def can_act_officially(user: Any) -> bool:
    return has_role(user, OFFICIAL) or can_admin(user)


def can_participate(user: Any) -> bool:
    """Comment, vote, support, propose: a signed-in person with a confirmed email."""
    return _signed_in(user) and bool(getattr(user, "is_verified", False))


def can_view_audit_log(user: Any) -> bool:
    return can_admin(user)


def can_change_roles(user: Any, target: Any) -> bool:
    return can_admin(user)


PREDICATES = {
    "admin": can_admin,
    "participate": can_participate,
    "moderate": can_moderate,
    "act_officially": can_act_officially,
    "view_audit_log": can_view_audit_log,
    "change_roles": can_change_roles,
}
