"""Named predicates: routes use them to refuse (403), templates to hide controls."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context

RESIDENT = "resident"
MODERATOR = "moderator"
OFFICIAL = "official"
ADMIN = "admin"
ROLES = (RESIDENT, MODERATOR, OFFICIAL, ADMIN)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user: Any, role: str) -> bool:
    """Staff roles count only once the account has a second factor (engage.two_factor)."""
    if not (_signed_in(user) and role in user.role_names):
        return False
    return role == RESIDENT or getattr(user, "has_second_factor", False)


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
    if suspension_refusal(user):
        return suspension_refusal(user)
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
    if getattr(proposal, "visibility", "visible") != "visible":
        return _("This proposal is held or hidden by moderation, so its supports can't change.")
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


# Drafts --------------------------------------------------------------------------------


def can_edit_draft(user: Any, consultation: Any) -> bool:
    """Import, edit clause by clause, publish versions: whoever manages the consultation."""
    return can_manage_consultation(user, consultation)


def can_view_draft(user: Any, draft: Any) -> bool:
    """Published drafts are public (in a visible consultation); before that, its editors."""
    consultation = draft.consultation
    if not can_view_consultation(user, consultation):
        return False
    return draft.current_version_number > 0 or can_edit_draft(user, consultation)


# Outcomes ------------------------------------------------------------------------------


def can_answer_for(user: Any, consultation: Any) -> bool:
    """Answer proposals, write and publish the outcome, track commitments: whoever
    manages the consultation (its department's officials, or admins)."""
    return can_manage_consultation(user, consultation)


def can_view_outcome(user: Any, consultation: Any, outcome: Any) -> bool:
    """Published outcomes are public; drafts only for those who write them."""
    if not can_view_consultation(user, consultation):
        return False
    published = outcome is not None and outcome.published_at is not None
    return published or can_answer_for(user, consultation)


# Amendments ----------------------------------------------------------------------------


def amendment_refusal(user: Any, clause: Any) -> str | None:
    """Why this person can't propose an amendment to this clause now; None when they can."""
    from flask_babel import gettext as _

    reason = participation_refusal(user, clause.draft.consultation)
    if reason:
        return reason
    if clause.removed:
        return _("This clause was removed from the draft.")
    return None


def can_propose_amendment(user: Any, clause: Any) -> bool:
    return amendment_refusal(user, clause) is None


def amendment_support_refusal(user: Any, amendment: Any) -> str | None:
    from flask_babel import gettext as _

    reason = participation_refusal(user, amendment.clause.draft.consultation)
    if reason:
        return reason
    if amendment.visibility == "pending":
        return _(
            "This amendment is awaiting review by a moderator. "
            "It can take support once it is published."
        )
    if amendment.visibility != "visible":
        return _("This amendment is hidden by a moderator, so it can't take support.")
    if not amendment.is_open:
        return _("This amendment is no longer open for support.")
    if amendment.author_id == user.id:
        return _("You can't support your own amendment.")
    return None


def can_support_amendment(user: Any, amendment: Any) -> bool:
    return amendment_support_refusal(user, amendment) is None


def can_withdraw_amendment(user: Any, amendment: Any) -> bool:
    """Only its author, while it waits for a decision."""
    return _signed_in(user) and user.id == amendment.author_id and amendment.is_open


def can_decide_amendment(user: Any, amendment: Any) -> bool:
    """Accept or reject: whoever edits the draft, while the amendment waits for a decision."""
    return (
        amendment.is_open
        and amendment.visibility == "visible"
        and can_manage_consultation(user, amendment.clause.draft.consultation)
    )


# Comments ------------------------------------------------------------------------------
# ``target`` is an engage.comments.targets.Target: the thing commented on, with its
# consultation.


def comment_refusal(user: Any, target: Any) -> str | None:
    """Why this person can't comment, reply, vote or edit here now; None when they can.

    A thread asks this for every comment (reply, edit, vote) about the same target, so the
    answer is kept for the rest of the request. Within one request the person, the
    consultation's dates and the account's state don't change; a withdrawal does (it is in
    the key).
    """
    if not has_request_context():
        return _comment_refusal(user, target)
    key = (id(user), target.kind, target.id, target.withdrawn)
    answers = g.setdefault("comment_refusals", {})
    if key not in answers:
        # The user is kept with the answer, so id(user) can't be reused in this request.
        answers[key] = (user, _comment_refusal(user, target))
    return answers[key][1]


def _comment_refusal(user: Any, target: Any) -> str | None:
    from flask_babel import gettext as _

    from engage.consultations.dates import when

    consultation = target.consultation
    status = consultation.status
    if target.withdrawn:
        return _("Comments are closed because this proposal was withdrawn.")
    if target.held:
        return _("This proposal is held or hidden by moderation, so it takes no new comments.")
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
    if suspension_refusal(user):
        return suspension_refusal(user)
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


# Moderation ----------------------------------------------------------------------------
# Moderators never decide about their own content, nor appeals against their own actions.


def suspension_refusal(user: Any) -> str | None:
    """Why a suspended person can't take part (None when they aren't suspended)."""
    if not getattr(user, "is_suspended", False):
        return None
    from flask_babel import gettext as _

    from engage.consultations.dates import when

    return _("A moderator suspended your account until %(date)s.", date=when(user.suspended_until))


def can_edit_guidelines(user: Any) -> bool:
    return can_admin(user)


def can_moderate_content(user: Any, item: Any) -> bool:
    """Act on a case or an action's item: a moderator who isn't its author."""
    return can_moderate(user) and getattr(item, "author_id", None) != user.id


def can_appeal(user: Any, action: Any) -> bool:
    """The person an action was about, once per action, for actions that can be undone."""
    return (
        _signed_in(user)
        and action.author_id == user.id
        and action.action in ("hide", "request_edit", "suspend")
        and action.appeal is None
    )


def can_decide_appeal(user: Any, appeal: Any) -> bool:
    """Another moderator: not the one who acted, not the person appealing."""
    return (
        can_moderate(user)
        and user.id not in (appeal.action.moderator_id, appeal.appellant_id)
        and appeal.status == "open"
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
    "propose_amendment": amendment_refusal,
    "support_amendment": amendment_support_refusal,
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
    "propose_amendment": can_propose_amendment,
    "support_amendment": can_support_amendment,
    "withdraw_amendment": can_withdraw_amendment,
    "decide_amendment": can_decide_amendment,
    "comment": can_comment,
    "edit_draft": can_edit_draft,
    "view_draft": can_view_draft,
    "edit_guidelines": can_edit_guidelines,
    "moderate_content": can_moderate_content,
    "appeal": can_appeal,
    "decide_appeal": can_decide_appeal,
    "change_comment": can_change_comment,
    "vote_on_comment": can_vote_on_comment,
    "answer_for": can_answer_for,
    "view_outcome": can_view_outcome,
}
