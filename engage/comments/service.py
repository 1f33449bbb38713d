"""Every change to comments: post, reply, edit, delete (a tombstone), vote.

Counters (comment_count on the target, reply_count on the parent, votes on the comment)
change in the same transaction with SQL-side increments, so simultaneous requests never
lose an update. Nothing here commits: the request does, once.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from engage import signals
from engage.accounts.models import User
from engage.comments.models import Comment, CommentRevision, CommentStatus, CommentVote
from engage.comments.targets import Target
from engage.database import increment, utcnow
from engage.extensions import db
from engage.moderation import intake

DELETED_BY_AUTHOR = "deleted by author"
UP, DOWN = 1, -1


def post_comment(
    author: User,
    target: Target,
    body: str,
    *,
    stance: str | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A new comment on ``target``, or a reply to ``parent`` (which must be on the same target).

    Only top-level comments on targets that take a stance (proposals) keep one.
    """
    comment = Comment(
        target_type=target.kind,
        target_id=target.id,
        consultation_id=target.consultation.id,
        parent_id=parent.id if parent else None,
        root_id=parent.thread_root_id if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author=author,
        body=body,
        stance=stance if target.takes_stance and parent is None else None,
    )
    db.session.add(comment)
    db.session.flush()
    # A deleted comment stays in the thread as a tombstone, so it keeps counting here.
    increment(target.obj, comment_count=1)
    if parent is not None:
        increment(parent, reply_count=1)
    intake.screen_new_content(comment, author)  # first: listeners see it held or published
    signals.comment_posted.send(comment, target=target, parent=parent)
    return comment


def edit_comment(comment: Comment, body: str, stance: str | None = None) -> bool:
    """Replace the text, keeping the old one as a public revision. False if nothing changed."""
    stance = stance if comment.parent_id is None else None
    if body == comment.body and stance == comment.stance:
        return False
    db.session.add(CommentRevision(comment_id=comment.id, body=comment.body, stance=comment.stance))
    comment.body = body
    comment.stance = stance
    comment.edited_at = utcnow()
    db.session.flush()
    increment(comment, revision_count=1)
    signals.comment_edited.send(comment)
    return True


def delete_comment(comment: Comment) -> None:
    """A tombstone: the text moves to a revision, the replies and counts stay."""
    db.session.add(CommentRevision(comment_id=comment.id, body=comment.body, stance=comment.stance))
    comment.status = CommentStatus.DELETED
    comment.deleted_at = utcnow()
    comment.deleted_reason = DELETED_BY_AUTHOR
    comment.body = ""
    comment.stance = None
    db.session.flush()
    increment(comment, revision_count=1)
    signals.comment_deleted.send(comment)


def current_vote(user: User, comment: Comment) -> int:
    value = db.session.scalar(
        select(CommentVote.value).where(
            CommentVote.comment_id == comment.id, CommentVote.user_id == user.id
        )
    )
    return value or 0


def vote(user: User, comment: Comment, value: int) -> int:
    """Agree (1) or disagree (-1); the same again takes the vote back. Returns the vote now.

    The unique (comment, person) constraint settles simultaneous clicks: the insert that
    loses runs in a savepoint and leaves the winner's vote as it is. Changes and removals
    only apply to the vote as it was read, so a race never counts anything twice.
    """
    row = db.session.execute(
        select(CommentVote.id, CommentVote.value).where(
            CommentVote.comment_id == comment.id, CommentVote.user_id == user.id
        )
    ).first()
    table = CommentVote.__table__
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.execute(
                    table.insert().values(
                        comment_id=comment.id, user_id=user.id, value=value, created_at=utcnow()
                    )
                )
        except IntegrityError:
            return current_vote(user, comment)
        _count(comment, value, +1)
        return value
    vote_id, old = row
    if old == value:
        done = db.session.execute(
            delete(table).where(table.c.id == vote_id, table.c.value == old)
        ).rowcount
        if done:
            _count(comment, old, -1)
        return 0 if done else current_vote(user, comment)
    done = db.session.execute(
        update(table).where(table.c.id == vote_id, table.c.value == old).values(value=value)
    ).rowcount
    if done:
        _count(comment, old, -1, then=(value, +1))
        return value
    return current_vote(user, comment)


def _count(comment: Comment, value: int, delta: int, then: tuple[int, int] | None = None) -> None:
    up = down = 0
    for v, d in [(value, delta), *([then] if then else [])]:
        if v == UP:
            up += d
        else:
            down += d
    increment(comment, upvotes=up, downvotes=down, score=up - down)
