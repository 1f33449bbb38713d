"""Who may report, who sees held content, and who may act on cases and appeals.

Moderators never decide about their own content, nor appeals against their own actions.
Pending (held for review) items exist only for their author and moderators; hidden items
keep their place as a placeholder for everyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from flask_babel import gettext as _
from sqlalchemy import select

from engage.extensions import db
from engage.moderation import content
from engage.moderation.decision_models import APPEALABLE, AppealStatus
from engage.moderation.models import Report, Visibility
from engage.permissions import (
    Person,
    can_act_officially,
    can_moderate,
    can_participate,
    signed_in,
)

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.amendments.models import Amendment
    from engage.comments.models import Comment
    from engage.moderation.decision_models import Appeal, ModerationAction
    from engage.moderation.models import ModerationCase
    from engage.proposals.models import Proposal

# What moderation acts on (engage.moderation.content), and what can be reported.
Content: TypeAlias = "Proposal | Comment | Amendment"
Reportable: TypeAlias = "Content | User"


# Reports and screening -----------------------------------------------------------------


def report_refusal(user: Person, item: Reportable) -> str | None:
    """Why this person can't report this item; None when they can."""
    if not can_participate(user):
        return _("Sign in with a confirmed email address to report something.")
    if content.author_id(item) == user.id:
        if content.kind(item) == "user":
            return _("You can't report yourself.")
        return _("You can't report your own contributions.")
    if has_reported(user, item):
        return _("You have already reported this. Moderators will look at it.")
    return None


def has_reported(user: User, item: Reportable) -> bool:
    return (
        db.session.scalar(
            select(Report.id).where(
                Report.target_type == content.kind(item),
                Report.target_id == item.id,
                Report.reporter_id == user.id,
            )
        )
        is not None
    )


def skips_screening(author: Person) -> bool:
    """Staff (moderators, officials, admins) are never held for review."""
    return can_moderate(author) or can_act_officially(author)


# Held content --------------------------------------------------------------------------


def sees_held(viewer: Person | None, item: Content) -> bool:
    """The author and moderators see held content itself; everyone else a placeholder."""
    if can_moderate(viewer):
        return True
    return signed_in(viewer) and content.author_id(item) == viewer.id


def can_see(viewer: Person | None, item: Content) -> bool:
    """May this person open the item at all? Pending: author and moderators only."""
    return content.visibility(item) != Visibility.PENDING or sees_held(viewer, item)


def can_read_text(viewer: Person | None, item: Content) -> bool:
    """Its text outside the thread or page that shows the placeholder (earlier wordings,
    a reply form, a report form): a held item's only for its author and moderators."""
    return not content.is_held(item) or sees_held(viewer, item)


# Cases, decisions and appeals ----------------------------------------------------------


def can_moderate_content(user: Person, item: ModerationCase | ModerationAction) -> bool:
    """Act on a case or an action's item: a moderator who isn't its author."""
    return can_moderate(user) and item.author_id != user.id


def is_subject(user: Person, action: ModerationAction) -> bool:
    """The person an action was about (the author of the item, or the suspended person)."""
    return signed_in(user) and action.author_id == user.id


def can_appeal(user: Person, action: ModerationAction) -> bool:
    """The person an action was about, once per action, for actions that can be undone."""
    return is_subject(user, action) and action.action in APPEALABLE and action.appeal is None


def can_decide_appeal(user: Person, appeal: Appeal) -> bool:
    """Another moderator: not the one who acted, not the person appealing."""
    return (
        can_moderate(user)
        and user.id not in (appeal.action.moderator_id, appeal.appellant_id)
        and appeal.status == AppealStatus.OPEN
    )


PREDICATES = {
    "moderate_content": can_moderate_content,
    "appeal": can_appeal,
    "decide_appeal": can_decide_appeal,
}
