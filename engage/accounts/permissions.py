"""Who may change people's roles, and which changes are refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from engage.permissions import ADMIN, Person, can_admin

if TYPE_CHECKING:
    from engage.accounts.models import User


def can_change_roles(user: Person) -> bool:
    """Give and take roles: admins, for anyone (themselves included, within
    role_change_refusal)."""
    return can_admin(user)


def role_change_refusal(actor: User, target: User, roles: set[str]) -> str | None:
    """Why ``actor`` can't give ``target`` exactly these roles; None when they can.

    An admin never removes their own admin role, so nobody locks themself out by mistake;
    another admin can remove it.
    """
    if actor.id == target.id and ADMIN in target.role_names and ADMIN not in roles:
        return _("You cannot remove your own admin role.")
    return None


PREDICATES = {"change_roles": can_change_roles}
