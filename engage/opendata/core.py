"""Datasets for what participation is made of: proposals and comments (supports and
comment votes, as counts, are in counts.py; topics and consultations in consultations.py).

Only what the public can already read is here. Content held for review ('pending') does
not exist for the public and is left out. Hidden and deleted content keeps its place, as
the site's placeholders do, so counts agree with the pages: as a row without its text or
author. Comments on a proposal or amendment that is not visible are left out.
"""

from __future__ import annotations

from flask import g, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, not_, select
from sqlalchemy.orm import joinedload, lazyload

from engage.accounts.models import User
from engage.amendments.models import Amendment
from engage.channels import Channel
from engage.comments.models import Comment, CommentStatus, Stance
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opendata.fields import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    Dataset,
    Field,
    Joined,
    optional_text,
    person,
    public_name,
)
from engage.proposals.models import Proposal, ProposalStatus

HIDDEN = "hidden"
PUBLIC_COMMENT_STATUSES = (CommentStatus.PUBLISHED, CommentStatus.DELETED, CommentStatus.HIDDEN)
PROPOSAL_VISIBILITIES = ("visible", HIDDEN)


def published():
    return Consultation.published_at.is_not(None)


def visible_proposals():
    """Proposals the public sees, as text or as a placeholder: all but those held for review."""
    condition = published()
    visibility = getattr(Proposal, "visibility", None)
    if visibility is not None:
        condition = and_(condition, visibility.in_(PROPOSAL_VISIBILITIES))
    return condition


def _hidden_target_ids(kind: str):
    """Ids of commentable things that are not public, whose comments must not be either."""
    if kind == "proposal" and getattr(Proposal, "visibility", None) is not None:
        return select(Proposal.id).where(Proposal.visibility != "visible")
    if kind == "amendment":
        return select(Amendment.id).where(Amendment.visibility != "visible")
    return None


def visible_comments():
    condition = and_(published(), Comment.status.in_(PUBLIC_COMMENT_STATUSES))
    for kind in ("proposal", "amendment"):
        hidden = _hidden_target_ids(kind)
        if hidden is not None:
            condition = and_(
                condition, not_(and_(Comment.target_type == kind, Comment.target_id.in_(hidden)))
            )
    return condition


def of_published(query, consultation):
    """``query`` joined to the consultation in its ``consultation`` column, published."""
    return query.join(Consultation, consultation == Consultation.id).where(published())


def with_person(relationship):
    """People come joined; their roles (loaded eagerly elsewhere) are not needed here."""
    return joinedload(relationship).lazyload(User.roles)


def scoped(query, column, consultation_id: int | None):
    if consultation_id is None or column is None:  # all, or a table of no consultation
        return query
    return query.where(column == consultation_id)


def keyset(query, key, after: int, limit: int, consultation, consultation_id: int | None):
    """One page of a dataset: ``limit`` rows after ``after`` in ``key`` order, of one
    consultation when ``consultation_id`` is given (``consultation`` is its column)."""
    query = query.where(key > after).order_by(key).limit(limit)
    return scoped(query, consultation, consultation_id)


# How a page's result is read: as ORM objects, as an object with columns beside it
# (``Joined``), or as plain result rows.
def objects(result):
    return result.scalars().unique()


def joined(result):
    return map(Joined, result.unique())


def plain(result):
    return result


def keyset_source(query, key, consultation, read=objects):
    """A dataset's source: keyset pages (``keyset``) of ``query()``, read by ``read``."""

    def source(consultation_id: int | None, after: int, limit: int):
        page = keyset(query(), key, after, limit, consultation, consultation_id)
        return read(db.session.execute(page))

    return source


# Proposals ----------------------------------------------------------------------------


def _url_for_id(endpoint: str, arg: str):
    """``url_for`` once per request, not once per row (it was a third of an export's time)."""
    cache = g.setdefault("opendata_url_templates", {})
    if endpoint not in cache:
        marker = "2147483647"
        template = url_for(endpoint, **{arg: int(marker)}, _external=True)
        head, _, tail = template.partition(marker)
        cache[endpoint] = (head, tail)
    head, tail = cache[endpoint]
    return lambda value: f"{head}{value}{tail}"


def page_url(endpoint: str, arg: str, description: str = "Its page.") -> Field:
    """The ``url`` column: the page of the item, whose id is the ``arg`` of ``endpoint``."""
    return Field("url", STRING, description, value=lambda item: _url_for_id(endpoint, arg)(item.id))


# Visibility and counts, as proposals and amendments both have them.
VISIBILITY = Field(
    "visibility",
    STRING,
    "Visible, or hidden by moderation (then text and author are null).",
    enum=PROPOSAL_VISIBILITIES,
    value=lambda item: getattr(item, "visibility", "visible"),
)
HIDEABLE_AUTHOR_ID = person(
    "author_id",
    "Pseudonymous id of its author; null when hidden.",
    nullable=True,
    withheld=True,
)
PAGE_COUNTS = (
    Field("support_count", INTEGER, "Supports, as its page counts them."),
    Field("comment_count", INTEGER, "Comments, as its page counts them."),
)


def _proposal_shown(p: Proposal) -> bool:
    return getattr(p, "visibility", "visible") == "visible"


def proposals_query():
    return (
        select(Proposal)
        .join(Consultation, Proposal.consultation_id == Consultation.id)
        .where(visible_proposals())
        .options(lazyload(Proposal.consultation), with_person(Proposal.author))
    )


PROPOSALS = Dataset(
    name="proposals",
    title=_l("Proposals"),
    summary=_l("Residents' proposals, including withdrawn ones, with their counts."),
    fields=(
        Field("id", INTEGER, "Proposal id."),
        Field("consultation_id", INTEGER, "The consultation it belongs to."),
        VISIBILITY,
        Field(
            "title",
            STRING,
            "Title as it reads now; null when hidden.",
            nullable=True,
            withheld=True,
        ),
        Field(
            "body",
            STRING,
            "Text as it reads now (Markdown); null when hidden.",
            nullable=True,
            withheld=True,
        ),
        Field("status", STRING, "Published or withdrawn.", enum=tuple(ProposalStatus)),
        Field("channel", STRING, "How it arrived.", enum=tuple(Channel)),
        HIDEABLE_AUTHOR_ID,
        # For input an official recorded, the official who recorded it, as the site shows.
        public_name(
            "author_name",
            "Public name shown as its author; null when hidden.",
            "author",
            withheld=True,
        ),
        optional_text(
            "submitted_for_name",
            "For paper, phone or event input: the name the resident gave (shown on the site).",
            withheld=True,
        ),
        Field("received_on", DATE, "For recorded input: the day it arrived.", nullable=True),
        Field("created_at", DATETIME, "When it was posted (UTC)."),
        Field("updated_at", DATETIME, "When its wording last changed (UTC)."),
        Field("withdrawn_at", DATETIME, "When its author withdrew it.", nullable=True),
        optional_text("withdrawal_reason", "Why, in the author's words.", withheld=True),
        *PAGE_COUNTS,
        Field("version_count", INTEGER, "Wordings it has had (1 = never changed)."),
        Field(
            "threshold_reached_at", DATETIME, "When supports reached the threshold.", nullable=True
        ),
        Field("response_due_at", DATETIME, "When an official answer is due.", nullable=True),
        page_url("proposals.view_proposal", "proposal_id"),
    ),
    source=keyset_source(proposals_query, Proposal.id, Proposal.consultation_id),
    shown=_proposal_shown,
)


# Comments -----------------------------------------------------------------------------


def _comment_shown(c) -> bool:
    """Not a tombstone or a moderation placeholder. ``c`` is a row of ``comments_query()``."""
    return c.status not in (CommentStatus.DELETED, CommentStatus.HIDDEN)


def comments_query():
    """Plain rows, not ORM objects: comments are the biggest dataset by far. The comment's
    own columns the fields read, and what the others are worked out from."""
    table = Comment.__table__.c
    columns = [table[f.name] for f in COMMENTS.fields if f.name in table]
    return (
        select(*columns, table.revision_count, User.display_name.label("author_name"))
        .join(Consultation, Comment.consultation_id == Consultation.id)
        .join(User, Comment.author_id == User.id)
        .where(visible_comments())
    )


COMMENTS = Dataset(
    name="comments",
    title=_l("Comments"),
    summary=_l("Public comments and replies; hidden or deleted ones without text or author."),
    fields=(
        Field("id", INTEGER, "Comment id."),
        Field("consultation_id", INTEGER, "The consultation it belongs to."),
        Field(
            "target_type",
            STRING,
            "What it comments on.",
            enum=("consultation", "proposal", "clause", "amendment"),
        ),
        Field("target_id", INTEGER, "Id of that consultation, proposal, clause or amendment."),
        Field("parent_id", INTEGER, "The comment it replies to.", nullable=True),
        Field("depth", INTEGER, "0 for a top-level comment, 1 for a reply, and so on."),
        Field(
            "status",
            STRING,
            "Published, deleted (a tombstone) or hidden by moderation.",
            enum=PUBLIC_COMMENT_STATUSES,
        ),
        Field(
            "body",
            STRING,
            "Text (Markdown); null when deleted or hidden.",
            nullable=True,
            withheld=True,
        ),
        Field(
            "stance",
            STRING,
            "On proposals: the commenter's stance.",
            nullable=True,
            enum=tuple(Stance),
            withheld=True,
        ),
        Field("channel", STRING, "How it arrived.", enum=tuple(Channel)),
        person(
            "author_id",
            "Pseudonymous id of its author; null when deleted or hidden.",
            nullable=True,
            withheld=True,
        ),
        Field(
            "author_name",
            STRING,
            "Public name shown as its author; null when deleted or hidden.",
            nullable=True,
            withheld=True,
        ),
        optional_text(
            "submitted_for_name", "For recorded input: the name the resident gave.", withheld=True
        ),
        Field("created_at", DATETIME, "When it was posted (UTC)."),
        Field("edited_at", DATETIME, "When it was last edited.", nullable=True),
        Field("deleted_at", DATETIME, "When it was deleted.", nullable=True),
        Field(
            "edited",
            BOOLEAN,
            "Whether its text was ever changed after posting.",
            # Deleting writes a revision too.
            value=lambda c: c.revision_count > (1 if c.status == CommentStatus.DELETED else 0),
        ),
        Field("upvotes", INTEGER, "People who agreed, as its page counts them."),
        Field("downvotes", INTEGER, "People who disagreed, as its page counts them."),
        Field("reply_count", INTEGER, "Direct replies."),
        page_url("comments.show", "comment_id", "The comment in its thread."),
    ),
    source=keyset_source(comments_query, Comment.id, Comment.consultation_id, read=plain),
    shown=_comment_shown,
)


PARTICIPATION = (PROPOSALS, COMMENTS)
