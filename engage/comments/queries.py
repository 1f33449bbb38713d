"""Reading comment threads for pages, in a fixed number of queries whatever the thread's size.

A page of top-level comments is one query; all their replies (the first REPLIES_PER_ROOT
under each, found through ``root_id``) are a second; the viewer's votes on everything
shown are a third. Authors come with each row (joined), so nothing loads per comment.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, event, func, inspect, or_, select, update
from sqlalchemy.orm import defaultload

from engage.accounts.models import User
from engage.comments.models import MAX_DEPTH, Comment, CommentStatus, CommentVote
from engage.comments.permissions import comment_refusal
from engage.comments.targets import Target, find_target, for_viewer
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation import visibility
from engage.params import MAX_INT, bounded_int

PAGE_SIZE = 20
REPLIES_PER_ROOT = 10
SUBTHREAD_PAGE = 200
SORTS = ("best", "newest", "oldest")


@dataclass
class ThreadNode:
    """One comment as shown: its replies, the viewer's vote, and its place in the tree."""

    comment: Comment
    level: int = 0  # 0..MAX_DEPTH, the indentation shown
    replies: list[ThreadNode] = field(default_factory=list)
    my_vote: int = 0  # 1 agree, -1 disagree, 0 none
    # Replies deeper than MAX_DEPTH are listed flat under their level-MAX_DEPTH ancestor
    # and say whom they answer; ``anchor`` is the node whose list they are in.
    reply_to: str | None = None
    anchor: ThreadNode | None = None
    hidden_replies: int = 0  # top-level only: replies beyond the ones loaded

    @property
    def id(self) -> int:
        return self.comment.id


@dataclass
class Thread:
    target_type: str
    target_id: int
    sort: str = "best"
    comments: list[ThreadNode] = field(default_factory=list)
    next_after: str | None = None
    total: int = 0
    after: str | None = None
    target: Target | None = None
    # Why the viewer can't comment here (None when they can), for the template.
    refusal: str | None = None

    @property
    def consultation(self):
        return self.target.consultation if self.target else None

    @property
    def can_comment(self) -> bool:
        return self.target is not None and self.refusal is None


def _options():
    # Roles are never shown with comments; don't let the author join pull them in.
    return (defaultload(Comment.author).lazyload(User.roles),)


def encode_cursor(sort: str, comment: Comment) -> str:
    raw = f"{sort}.{comment.score}.{comment.id}" if sort == "best" else f"{sort}.{comment.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(sort: str, cursor: str | None) -> tuple[int, ...] | None:
    """The keyset values in a cursor made for this sort; None for a missing or foreign one."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        name, *values = raw.split(".")
        numbers = tuple(bounded_int(v, low=-MAX_INT) for v in values)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None
    if None in numbers:  # not a number the database could hold: a forged cursor
        return None
    expected = 2 if sort == "best" else 1
    if name != sort or len(numbers) != expected:
        return None
    return numbers


def _shown_to(viewer: Any):
    """Held comments (pending review) exist only for their author and moderators."""
    return visibility.listed_condition(Comment, viewer, Comment.status)


def _top_level(
    target_type: str, target_id: int, sort: str, keys: tuple[int, ...] | None, viewer: Any = None
):
    c = Comment
    stmt = select(c).where(
        c.target_type == target_type,
        c.target_id == target_id,
        c.parent_id.is_(None),
        _shown_to(viewer),
    )
    if sort == "best":
        if keys:
            score, last_id = keys
            stmt = stmt.where(or_(c.score < score, and_(c.score == score, c.id < last_id)))
        stmt = stmt.order_by(c.score.desc(), c.id.desc())
    elif sort == "newest":
        if keys:
            stmt = stmt.where(c.id < keys[0])
        stmt = stmt.order_by(c.id.desc())
    else:
        if keys:
            stmt = stmt.where(c.id > keys[0])
        stmt = stmt.order_by(c.id.asc())
    return db.session.scalars(stmt.options(*_options()).limit(PAGE_SIZE + 1)).all()


def _replies(root_ids: list[int], per_root: int, viewer: Any = None) -> list[tuple[Comment, int]]:
    """The first ``per_root`` replies under each root, oldest first, with each root's total.

    Oldest first means every loaded reply's parent is loaded too (a parent is older).
    """
    ranked = (
        select(
            Comment.id.label("id"),
            func.row_number()
            .over(partition_by=Comment.root_id, order_by=Comment.id)
            .label("position"),
            func.count().over(partition_by=Comment.root_id).label("total"),
        )
        .where(Comment.root_id.in_(root_ids), _shown_to(viewer))
        .subquery()
    )
    stmt = (
        select(Comment, ranked.c.total)
        .join(ranked, ranked.c.id == Comment.id)
        .where(ranked.c.position <= per_root)
        .order_by(Comment.id)
        .options(*_options())
    )
    return [(row[0], row[1]) for row in db.session.execute(stmt)]


def _votes(viewer: Any, comment_ids: list[int]) -> dict[int, int]:
    if not comment_ids or not getattr(viewer, "is_authenticated", False):
        return {}
    rows = db.session.execute(
        select(CommentVote.comment_id, CommentVote.value).where(
            CommentVote.user_id == viewer.id, CommentVote.comment_id.in_(comment_ids)
        )
    )
    return {comment_id: value for comment_id, value in rows}


def reply_to_name(comment: Comment) -> str:
    return _("a deleted comment") if comment.is_deleted else comment.author.display_name


def _place(nodes: dict[int, ThreadNode], comment: Comment, parent: ThreadNode) -> ThreadNode:
    if parent.level < MAX_DEPTH:
        node = ThreadNode(comment, level=parent.level + 1)
        node.anchor = node
        parent.replies.append(node)
    else:
        anchor = parent.anchor or parent
        node = ThreadNode(comment, level=MAX_DEPTH, anchor=anchor)
        node.reply_to = reply_to_name(parent.comment)
        anchor.replies.append(node)
    nodes[comment.id] = node
    return node


def _grow(roots: list[ThreadNode], replies: list[tuple[Comment, int]], votes_for) -> None:
    nodes = {node.id: node for node in roots}
    loaded: dict[int, int] = {}
    totals: dict[int, int] = {}
    for comment, total in replies:
        parent = nodes.get(comment.parent_id)
        if parent is None:  # its branch was cut by the cap; shown on the subthread page
            continue
        _place(nodes, comment, parent)
        loaded[comment.root_id] = loaded.get(comment.root_id, 0) + 1
        totals[comment.root_id] = total
    for root in roots:
        root.hidden_replies = totals.get(root.id, 0) - loaded.get(root.id, 0)
        root.anchor = root
    votes = votes_for(list(nodes))
    for comment_id, node in nodes.items():
        node.my_vote = votes.get(comment_id, 0)


def published_in_consultation(consultation_id: int) -> int:
    """Comments anyone may read anywhere in a consultation: on it, its proposals, its
    clauses and its amendments, counted from the rows (pages read the kept
    ``Consultation.comment_total``; this checks it)."""
    query = select(func.count(Comment.id)).where(
        Comment.consultation_id == consultation_id, Comment.status == CommentStatus.PUBLISHED
    )
    return int(db.session.scalar(query) or 0)


# Consultation.comment_total follows every published comment in its consultation: these
# mapper hooks run inside the flush that writes the comment, whichever code path wrote it
# (no code updates comments in bulk). Counting the rows instead took 17 ms per view of a
# consultation with 50,000 comments on SQLite, on every signed-in summary page.
def _move_comment_total(connection, consultation_id: int, change: int) -> None:
    table = Consultation.__table__
    connection.execute(
        update(table)
        .where(table.c.id == consultation_id)
        .values(comment_total=table.c.comment_total + change)
    )


@event.listens_for(Comment, "after_insert")
def _count_new_comment(_mapper, connection, comment: Comment) -> None:
    if comment.status == CommentStatus.PUBLISHED:
        _move_comment_total(connection, comment.consultation_id, 1)


@event.listens_for(Comment, "after_update")
def _count_status_change(_mapper, connection, comment: Comment) -> None:
    history = inspect(comment).attrs.status.history
    if not history.has_changes():
        return
    was = CommentStatus.PUBLISHED in (history.deleted or ())
    now = comment.status == CommentStatus.PUBLISHED
    if was != now:
        _move_comment_total(connection, comment.consultation_id, 1 if now else -1)


@event.listens_for(Comment, "after_delete")
def _count_deleted_row(_mapper, connection, comment: Comment) -> None:
    history = inspect(comment).attrs.status.history
    was = history.deleted[0] if history.deleted else comment.status
    if was == CommentStatus.PUBLISHED:
        _move_comment_total(connection, comment.consultation_id, -1)


def requested_thread(target_type: str, target_id: int) -> Thread:
    """The thread on a target's page as its address asks (``sort``, ``after``), for the
    person viewing it."""
    return load_thread(
        target_type,
        target_id,
        sort=request.args.get("sort", "best"),
        after=request.args.get("after"),
        viewer=current_user,
    )


def load_thread(
    target_type: str,
    target_id: int,
    *,
    sort: str = "best",
    after: str | None = None,
    viewer: Any = None,
) -> Thread:
    """A page of top-level comments on a target with their replies, in at most 3 queries
    (plus one to load the target when the page hasn't already)."""
    sort = sort if sort in SORTS else "best"
    target = for_viewer(find_target(target_type, target_id), viewer)
    thread = Thread(target_type=target_type, target_id=target_id, sort=sort, target=target)
    if target is None:
        return thread
    thread.total = target.comment_count
    thread.refusal = comment_refusal(viewer, target)
    keys = decode_cursor(sort, after)
    thread.after = after if keys else None
    rows = _top_level(target_type, target_id, sort, keys, viewer)
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        thread.next_after = encode_cursor(sort, rows[-1])
    thread.comments = [ThreadNode(comment) for comment in rows]
    if rows:
        replies = _replies([c.id for c in rows], REPLIES_PER_ROOT, viewer)
        _grow(thread.comments, replies, lambda ids: _votes(viewer, ids))
        visibility.prime(list(rows) + [comment for comment, _total in replies])
    return thread


def load_subthread(comment: Comment, *, after: int | None = None, viewer: Any = None) -> Thread:
    """A top-level comment and all its replies (SUBTHREAD_PAGE at a time), for the page
    behind "show all replies" and for links to one comment."""
    root = comment if comment.root_id is None else db.session.get(Comment, comment.root_id)
    target = for_viewer(find_target(root.target_type, root.target_id), viewer)
    thread = Thread(target_type=root.target_type, target_id=root.target_id, target=target)
    if target is None:
        return thread
    thread.total = target.comment_count
    thread.refusal = comment_refusal(viewer, target)
    stmt = select(Comment).where(Comment.root_id == root.id, _shown_to(viewer))
    if after:
        stmt = stmt.where(Comment.id > after)
    rows = db.session.scalars(
        stmt.order_by(Comment.id).limit(SUBTHREAD_PAGE + 1).options(*_options())
    ).all()
    if len(rows) > SUBTHREAD_PAGE:
        rows = rows[:SUBTHREAD_PAGE]
        thread.next_after = str(rows[-1].id)
    thread.after = str(after) if after else None
    top = ThreadNode(root, anchor=None)
    top.anchor = top
    nodes = {root.id: top}
    shown = {root.id} | {r.id for r in rows}
    orphans = [c for c in rows if c.parent_id not in shown]
    names = _names_of_parents(orphans)
    for reply in rows:
        parent = nodes.get(reply.parent_id)
        if parent is None:  # answered a reply on an earlier page: list it flat, say whom
            node = ThreadNode(reply, level=1, anchor=None, reply_to=names.get(reply.parent_id))
            node.anchor = node
            top.replies.append(node)
            nodes[reply.id] = node
        else:
            _place(nodes, reply, parent)
    votes = _votes(viewer, list(nodes))
    for comment_id, node in nodes.items():
        node.my_vote = votes.get(comment_id, 0)
    thread.comments = [top]
    visibility.prime([root, *rows])
    return thread


def subthread_page_of(comment: Comment, viewer: Any = None) -> int | None:
    """The ``after`` of the subthread page that holds a reply (None: the first page), so a
    link to a reply far down a long conversation shows it. One query, two past the first."""
    if comment.root_id is None:
        return None
    shown = (Comment.root_id == comment.root_id, _shown_to(viewer))
    before = db.session.scalar(
        select(func.count()).select_from(Comment).where(*shown, Comment.id < comment.id)
    )
    page = (before or 0) // SUBTHREAD_PAGE
    if not page:
        return None
    last_before_page = page * SUBTHREAD_PAGE - 1
    return db.session.scalar(
        select(Comment.id).where(*shown).order_by(Comment.id).offset(last_before_page).limit(1)
    )


def _names_of_parents(orphans: list[Comment]) -> dict[int, str]:
    ids = {c.parent_id for c in orphans}
    if not ids:
        return {}
    parents = db.session.scalars(select(Comment).where(Comment.id.in_(ids)).options(*_options()))
    return {p.id: reply_to_name(p) for p in parents}


def owner_of_replies_to(parent: Comment) -> Comment:
    """The comment whose list of replies shows replies to ``parent``: ``parent`` itself, or
    for a flattened one its ancestor at MAX_DEPTH."""
    owner = parent
    while owner.depth > MAX_DEPTH:
        owner = db.session.get(Comment, owner.parent_id)
    return owner
