"""Keys for a comment's kept markup (engage.fragments): what it shows this reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, g
from flask_babel import get_locale
from flask_login import current_user

from engage.comments.models import CommentStatus
from engage.comments.permissions import can_comment

if TYPE_CHECKING:
    from engage.comments.models import Comment
    from engage.comments.queries import ThreadNode
    from engage.comments.targets import Target


def comment_fragment_key(node: ThreadNode, target: Target) -> tuple | None:
    """What a published comment's own part (comments/_comment_main.html) shows this
    reader; None for deleted, held or hidden comments.

    Besides the comment, the part depends on the reader only through whether they may
    comment on ``target`` (which decides the reply, vote, edit and delete controls),
    whether it is their own, and their vote on it.
    """
    c = node.comment
    if c.status != CommentStatus.PUBLISHED or c.is_deleted:
        return None
    return (
        "comment",
        c.id,
        c.body,
        c.created_at,
        c.edited_at,
        c.upvotes,
        c.downvotes,
        c.stance,
        c.channel,
        c.submitted_for_name,
        c.received_on,
        c.author_id,
        c.author.display_name,
        node.reply_to,
        str(get_locale()),
        _reader(c, target),
        node.my_vote,
    )


def _reader(comment: Comment, target: Target) -> tuple | None:
    # Flask-Login keeps the loaded person in g; the proxy costs more than the rest of the
    # key, and a thread asks once per comment.
    user = g.get("_login_user") or current_user._get_current_object()
    if not user.is_authenticated:
        return None
    return (can_comment(user, target), comment.author_id == user.id)


def comment_tree_key(node: ThreadNode, target: Target, focus_first: bool = False) -> tuple | None:
    """A comment with the replies shown under it (comments/_comment.html): its own key,
    its place in the thread and every reply's tree key; None if any part can't be kept."""
    if focus_first:
        return None
    own = comment_fragment_key(node, target)
    if own is None:
        return None
    children = []
    for child in node.replies:
        key = comment_tree_key(child, target)
        if key is None:
            return None
        children.append(key)
    return ("tree", own, node.level, node.hidden_replies, tuple(children))


def init_app(app: Flask) -> None:
    app.add_template_global(comment_fragment_key)
    app.add_template_global(comment_tree_key)
