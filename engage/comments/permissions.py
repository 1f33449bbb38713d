"""Who may comment, reply, vote, change a comment and read its history.

``target`` is an engage.comments.targets.Target: the thing commented on, with its
consultation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import g, has_request_context
from flask_babel import gettext as _

from engage.comments.models import CommentStatus
from engage.consultations.models import ConsultationStatus
from engage.dates import when
from engage.permissions import (
    Person,
    can_moderate,
    can_participate,
    signed_in,
    suspension_refusal,
)

if TYPE_CHECKING:
    from engage.comments.models import Comment
    from engage.comments.targets import Target


def comment_refusal(user: Person, target: Target) -> str | None:
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


def _comment_refusal(user: Person, target: Target) -> str | None:
    consultation = target.consultation
    status = consultation.status
    if target.withdrawn:
        return _("Comments are closed because this proposal was withdrawn.")
    if target.held:
        return _("This proposal is held or hidden by moderation, so it takes no new comments.")
    if status == ConsultationStatus.UPCOMING:
        return _(
            "Comments open when this consultation opens on %(date)s.",
            date=when(consultation.opens_at),
        )
    if status in (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME):
        return _(
            "Comments are closed because this consultation closed on %(date)s.",
            date=when(consultation.closes_at),
        )
    if status != ConsultationStatus.OPEN:
        return _("Comments open once this consultation is published.")
    if not signed_in(user):
        return _("Sign in to comment.")
    if not can_participate(user):
        return _("Confirm your email to comment.")
    return suspension_refusal(user)


def can_comment(user: Person, target: Target) -> bool:
    return comment_refusal(user, target) is None


def reply_refusal(parent: Comment) -> str | None:
    """Why no reply can go under this comment: it is deleted, held or hidden."""
    if parent.status == CommentStatus.PUBLISHED:
        return None
    if parent.is_deleted:
        return _("You can't reply to a deleted comment.")
    return _("You can't reply to a comment that is held or hidden.")


def can_change_comment(user: Person, comment: Comment, target: Target) -> bool:
    """Edit or delete: the author, while comments are open, until it is deleted."""
    return (
        can_comment(user, target)
        and comment.author_id == user.id
        and comment.status == CommentStatus.PUBLISHED
    )


def change_refusal(user: Person, comment: Comment, target: Target) -> str | None:
    if not signed_in(user) or comment.author_id != user.id:
        return _("Only the person who wrote a comment can change it.")
    if comment.is_deleted:
        return _("This comment was deleted, so it can't be changed.")
    return comment_refusal(user, target)


def can_vote_on_comment(user: Person, comment: Comment, target: Target) -> bool:
    """Anyone who may comment, on someone else's comment that is still there."""
    return (
        can_comment(user, target)
        and comment.author_id != user.id
        and comment.status == CommentStatus.PUBLISHED
    )


def vote_refusal(user: Person, comment: Comment, target: Target) -> str | None:
    if comment.author_id == user.id:
        return _("You can't vote on your own comment.")
    if comment.is_deleted:
        return _("This comment was deleted, so it can't take votes.")
    return comment_refusal(user, target)


def can_read_history(user: Person, comment: Comment) -> bool:
    """Earlier versions are for everyone; a deleted comment's only for moderators."""
    return not comment.is_deleted or can_moderate(user)


PREDICATES = {
    "comment": can_comment,
    "change_comment": can_change_comment,
    "vote_on_comment": can_vote_on_comment,
}
REFUSALS = {"comment": comment_refusal}
