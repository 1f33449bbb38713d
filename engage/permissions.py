"""The shared vocabulary of access rules: roles, signed in, verified, suspended.

Each feature's own rules live in ``engage/<feature>/permissions.py`` and are built from
these. Routes use the rules to refuse (403), templates (through ``can`` and ``why_not``,
engage.templating) to hide a control or say why it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from flask_babel import gettext as _

from engage.dates import when

if TYPE_CHECKING:
    from flask_login import AnonymousUserMixin

    from engage.accounts.models import User

RESIDENT = "resident"
MODERATOR = "moderator"
OFFICIAL = "official"
ADMIN = "admin"
ROLES = (RESIDENT, MODERATOR, OFFICIAL, ADMIN)

# Whoever is asking: a signed-in account, or Flask-Login's anonymous visitor.
Person: TypeAlias = "User | AnonymousUserMixin"


def signed_in(user: Person | None) -> bool:
    return bool(user is not None and user.is_authenticated)


def has_role(user: Person | None, role: str) -> bool:
    """Staff roles count only once the account has a second factor (engage.two_factor)."""
    if not (signed_in(user) and role in user.role_names):
        return False
    return role == RESIDENT or user.has_second_factor


def can_admin(user: Person | None) -> bool:
    return has_role(user, ADMIN)


def can_moderate(user: Person | None) -> bool:
    return has_role(user, MODERATOR) or can_admin(user)


def can_act_officially(user: Person | None) -> bool:
    return has_role(user, OFFICIAL) or can_admin(user)


def can_participate(user: Person | None) -> bool:
    """Comment, vote, support, propose: a signed-in person with a confirmed email."""
    return signed_in(user) and user.is_verified


def suspension_refusal(user: Person | None) -> str | None:
    """Why a suspended person can't take part (None when they aren't suspended)."""
    if not (signed_in(user) and user.is_suspended):
        return None
    return _("A moderator suspended your account until %(date)s.", date=when(user.suspended_until))


# The names templates use for these (engage.templating gathers every feature's).
PREDICATES = {
    "admin": can_admin,
    "participate": can_participate,
    "moderate": can_moderate,
    "act_officially": can_act_officially,
}
