"""Who may create, manage and see consultations, and take part in them now.

Predicates answer yes/no for routes (403/404) and templates (hide a control); the
*_refusal twins say why not, so a missing control can be replaced by its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from engage.consultations.models import ConsultationStatus
from engage.dates import when
from engage.permissions import (
    OFFICIAL,
    Person,
    can_act_officially,
    can_admin,
    can_participate,
    has_role,
    signed_in,
    suspension_refusal,
)

if TYPE_CHECKING:
    from engage.consultations.models import Consultation


def can_create_consultation(user: Person) -> bool:
    return can_act_officially(user)


def can_manage_consultation(user: Person, consultation: Consultation) -> bool:
    """Edit, preview, publish: admins, and officials of the responsible department or
    named on it. A consultation without a department is open to every official."""
    if can_admin(user):
        return True
    if not has_role(user, OFFICIAL):
        return False
    named = user.id in (consultation.official_id, consultation.created_by_id)
    same_department = consultation.department_id in (None, user.department_id)
    return named or same_department


def can_view_consultation(user: Person, consultation: Consultation) -> bool:
    """Published ones are public; drafts only for the officials who manage them (others 404)."""
    return consultation.is_published or can_manage_consultation(user, consultation)


def can_manage_topics(user: Person) -> bool:
    return can_admin(user)


def participation_refusal(user: Person, consultation: Consultation) -> str | None:
    """Why this person can't propose, support or comment here now; None when they can."""
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        return _("This consultation opens on %(date)s.", date=when(consultation.opens_at))
    if status in (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME):
        return _(
            "This consultation closed on %(date)s; you can still read everything.",
            date=when(consultation.closes_at),
        )
    if status != ConsultationStatus.OPEN:
        return _("This consultation is not published yet.")
    if not signed_in(user):
        return _("Sign in to take part.")
    if not can_participate(user):
        return _("Confirm your email address to take part.")
    return suspension_refusal(user)


PREDICATES = {
    "create_consultation": can_create_consultation,
    "manage_consultation": can_manage_consultation,
    "view_consultation": can_view_consultation,
    "manage_topics": can_manage_topics,
}
