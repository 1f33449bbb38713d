"""Who may edit a consultation's draft text, and who may read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engage.consultations.permissions import can_manage_consultation, can_view_consultation
from engage.permissions import Person

if TYPE_CHECKING:
    from engage.consultations.models import Consultation
    from engage.drafts.models import Draft


def can_edit_draft(user: Person, consultation: Consultation) -> bool:
    """Import, edit clause by clause, publish versions: whoever manages the consultation."""
    return can_manage_consultation(user, consultation)


def can_view_draft(user: Person, draft: Draft) -> bool:
    """Published drafts are public (in a visible consultation); before that, its editors."""
    consultation = draft.consultation
    if not can_view_consultation(user, consultation):
        return False
    return draft.current_version_number > 0 or can_edit_draft(user, consultation)


PREDICATES = {"edit_draft": can_edit_draft, "view_draft": can_view_draft}
