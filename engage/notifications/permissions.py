"""Who may follow things and read notices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engage.permissions import Person, signed_in

if TYPE_CHECKING:
    from engage.notifications.models import Notice


def can_follow(user: Person) -> bool:
    """Follow and unfollow: anyone signed in (emails go only to confirmed addresses)."""
    return signed_in(user)


def can_read_notice(user: Person, notice: Notice) -> bool:
    return signed_in(user) and notice.user_id == user.id


PREDICATES = {"follow": can_follow, "read_notice": can_read_notice}
