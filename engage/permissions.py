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


# Consultations and proposals ------------------------------------------------------------
# Predicates answer yes/no for routes (403/404) and templates (hide a control); the
# *_refusal twins say why not, so a disabled control can be replaced by its reason.


def can_create_consultation(user: Any) -> bool:
    return can_act_officially(user)


def can_manage_consultation(user: Any, consultation: Any) -> bool:
    """Edit, preview, publish: admins, and officials of the responsible department or
    named on it. A consultation without a department is open to every official."""
    if can_admin(user):
        return True
    if not has_role(user, OFFICIAL):
        return False
    named = user.id in (consultation.official_id, consultation.created_by_id)
    same_department = consultation.department_id in (None, user.department_id)
    return named or same_department


def can_view_consultation(user: Any, consultation: Any) -> bool:
    """Published ones are public; drafts only for the officials who manage them (others 404)."""
    return consultation.is_published or can_manage_consultation(user, consultation)


def can_manage_topics(user: Any) -> bool:
    return can_admin(user)


def participation_refusal(user: Any, consultation: Any) -> str | None:
    """Why this person can't propose, support or comment here now; None when they can."""
    from flask_babel import gettext as _

    from engage.consultations.dates import when

    status = consultation.status
    if status == "upcoming":
        return _("This consultation opens on %(date)s.", date=when(consultation.opens_at))
    if status in ("closed", "outcome"):
        return _(
            "This consultation closed on %(date)s; you can still read everything.",
            date=when(consultation.closes_at),
        )
    if status != "open":
        return _("This consultation is not published yet.")
    if not _signed_in(user):
        return _("Sign in to take part.")
    if not can_participate(user):
        return _("Confirm your email address to take part.")
    return None


def can_propose(user: Any, consultation: Any) -> bool:
    return participation_refusal(user, consultation) is None


def support_refusal(user: Any, proposal: Any) -> str | None:
    from flask_babel import gettext as _

    reason = participation_refusal(user, proposal.consultation)
    if reason:
        return reason
    if proposal.is_withdrawn:
        return _("This proposal was withdrawn, so its supports can't change.")
    if proposal.author_id == user.id:
        return _("You can't support your own proposal.")
    return None


def can_support(user: Any, proposal: Any) -> bool:
    return support_refusal(user, proposal) is None


def proposal_change_refusal(user: Any, proposal: Any) -> str | None:
    """Why the author can't edit or withdraw now (others simply may not)."""
    from flask_babel import gettext as _

    if proposal.is_withdrawn:
        return _("This proposal was withdrawn.")
    if not proposal.consultation.is_open:
        return _("Proposals can't be changed after the consultation has closed.")
    return None


def can_change_proposal(user: Any, proposal: Any) -> bool:
    """Edit or withdraw: only the author, while the consultation is open."""
    return (
        _signed_in(user)
        and user.id == proposal.author_id
        and proposal_change_refusal(user, proposal) is None
    )


def can_write_proposal(user: Any, proposal: Any) -> bool:
    """The author or an accepted co-author (engage/coauthors), whatever the proposal's state."""
    if not _signed_in(user):
        return False
    if user.id == proposal.author_id:
        return True
    from engage.coauthors.queries import is_coauthor

    return is_coauthor(user, proposal)


def can_edit_proposal(user: Any, proposal: Any) -> bool:
    """Edit the wording: the author and accepted co-authors, while the consultation is open."""
    return proposal_change_refusal(user, proposal) is None and can_write_proposal(user, proposal)


def can_invite_coauthors(user: Any, proposal: Any) -> bool:
    """Only the author invites co-authors, while the proposal can still change."""
    return can_change_proposal(user, proposal)


# Comments ------------------------------------------------------------------------------
# ``target`` is an engage.comments.targets.Target: the thing commented on, with its
# consultation.


def comment_refusal(user: Any, target: Any) -> str | None:
    """Why this person can't comment, reply, vote or edit here now; None when they can."""
    from flask_babel import gettext as _

    from engage.consultations.dates import when

    consultation = target.consultation
    status = consultation.status
    if target.withdrawn:
        return _("Comments are closed because this proposal was withdrawn.")
    if status == "upcoming":
        return _(
            "Comments open when this consultation opens on %(date)s.",
            date=when(consultation.opens_at),
        )
    if status in ("closed", "outcome"):
        return _(
            "Comments are closed because this consultation closed on %(date)s.",
            date=when(consultation.closes_at),
        )
    if status != "open":
        return _("Comments open once this consultation is published.")
    if not _signed_in(user):
        return _("Sign in to comment.")
    if not can_participate(user):
        return _("Confirm your email to comment.")
    return None


def can_comment(user: Any, target: Any) -> bool:
    return comment_refusal(user, target) is None


def can_change_comment(user: Any, comment: Any, target: Any) -> bool:
    """Edit or delete: the author, while comments are open, until it is deleted."""
    return (
        can_comment(user, target) and comment.author_id == user.id and comment.status == "published"
    )


def can_vote_on_comment(user: Any, comment: Any, target: Any) -> bool:
    """Anyone who may comment, on someone else's comment that is still there."""
    return (
        can_comment(user, target) and comment.author_id != user.id and comment.status == "published"
    )


# Notifications ---------------------------------------------------------------------------


def can_follow(user: Any) -> bool:
    """Follow and unfollow: anyone signed in (emails go only to confirmed addresses)."""
    return _signed_in(user)


def can_read_notice(user: Any, notice: Any) -> bool:
    return _signed_in(user) and notice.user_id == user.id


REFUSALS = {
    "propose": participation_refusal,
    "support": support_refusal,
    "change_proposal": proposal_change_refusal,
    "comment": comment_refusal,
}


PREDICATES = {
    "follow": can_follow,
    "read_notice": can_read_notice,
    "admin": can_admin,
    "participate": can_participate,
    "moderate": can_moderate,
    "act_officially": can_act_officially,
    "view_audit_log": can_view_audit_log,
    "change_roles": can_change_roles,
    "create_consultation": can_create_consultation,
    "manage_consultation": can_manage_consultation,
    "view_consultation": can_view_consultation,
    "manage_topics": can_manage_topics,
    "propose": can_propose,
    "support": can_support,
    "change_proposal": can_change_proposal,
    "edit_proposal": can_edit_proposal,
    "invite_coauthors": can_invite_coauthors,
    "comment": can_comment,
    "change_comment": can_change_comment,
    "vote_on_comment": can_vote_on_comment,
}
