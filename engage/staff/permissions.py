"""Who has a worklist: moderators, officials and admins (with their second factor)."""

from __future__ import annotations

from engage.permissions import Person, can_act_officially, can_moderate


def has_worklist(user: Person) -> bool:
    return can_moderate(user) or can_act_officially(user)


PREDICATES = {"have_worklist": has_worklist}
