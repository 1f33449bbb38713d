"""Who may change the community guidelines."""

from __future__ import annotations

from engage.permissions import Person, can_admin


def can_edit_guidelines(user: Person) -> bool:
    return can_admin(user)


PREDICATES = {"edit_guidelines": can_edit_guidelines}
