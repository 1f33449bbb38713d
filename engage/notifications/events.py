"""Small calls other features' services make when something worth a notice happens.

Each builds the notice's data (title and link, captured now) and calls ``service.notify``.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from engage.comments.models import CommentStatus
from engage.notifications import service
from engage.notifications.context import with_links


def _excerpt(text: str, length: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


@with_links
def comment_posted(comment: Any, target: Any, parent: Any = None) -> None:
    """You follow what you comment on; the author of the comment you answered hears of it."""
    followable = {"consultation": "consultation", "proposal": "proposal"}
    if target.kind in followable:
        service.follow(comment.author_id, followable[target.kind], target.id)
    elif getattr(target.obj, "draft_id", None):  # a clause or an amendment: its draft
        service.follow(comment.author_id, "draft", target.obj.draft_id)
    if parent is not None:
        reply_posted(comment, parent, target.title)


@with_links
def reply_posted(comment: Any, parent: Any, title: str) -> None:
    """Once the reply is public: at once, or when a moderator approves a held one."""
    if parent.author_id == comment.author_id or comment.status != CommentStatus.PUBLISHED:
        return
    service.notify(
        "comment_reply",
        [parent.author_id],
        target_type="comment",
        target_id=comment.id,
        actor=comment.author,
        data={
            "title": title,
            "url": url_for("comments.show", comment_id=comment.id),
            "excerpt": _excerpt(comment.body),
        },
    )


def proposal_created(proposal: Any) -> None:
    service.follow(proposal.author_id, "proposal", proposal.id)


@with_links
def threshold_reached(proposal: Any) -> None:
    service.notify(
        "proposal_threshold",
        service.followers("proposal", proposal.id),
        target_type="proposal",
        target_id=proposal.id,
        data={
            "title": proposal.title,
            "url": url_for("proposals.view_proposal", proposal_id=proposal.id),
        },
    )


@with_links
def draft_version_published(draft: Any, consultation: Any, actor: Any = None) -> None:
    """Followers of the draft and of its consultation."""
    people = set(service.followers("draft", draft.id))
    people |= set(service.followers("consultation", consultation.id))
    service.notify(
        "draft_version",
        people,
        target_type="draft",
        target_id=draft.id,
        actor=actor,
        data={
            "title": consultation.title,
            "url": url_for("drafts.view_draft", slug=consultation.slug),
        },
    )


def about_your_content(
    kind: str,
    author_id: int | None,
    *,
    target_type: str,
    target_id: int,
    title: str,
    url: str,
    actor: Any = None,
    excerpt: str = "",
    extra: dict | None = None,
) -> None:
    """An answer, decision or moderation action on something a person wrote; ``extra``
    is what the kind's wording needs besides the title (engage.notifications.kinds)."""
    if author_id is None:
        return
    service.notify(
        kind,
        [author_id],
        target_type=target_type,
        target_id=target_id,
        actor=actor,
        data={"title": title, "url": url, "excerpt": _excerpt(excerpt), **(extra or {})},
    )
