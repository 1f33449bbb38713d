"""Keep the search index in step with what features announce (engage.signals).

Only visible content is public in results; held, hidden and draft items stay indexed as
non-public, withdrawn proposals and deleted comments leave the index.
"""

from __future__ import annotations

from typing import Any

from engage.comments.models import CommentStatus
from engage.moderation.models import Visibility
from engage.search import service


def index_consultation(consultation: Any, **_: Any) -> None:
    service.index(
        "consultation",
        consultation.id,
        consultation.id,
        consultation.title,
        "\n\n".join([consultation.summary, consultation.easy_read_summary, consultation.body]),
        public=consultation.is_published,
    )


def index_proposal(proposal: Any, **_: Any) -> None:
    service.index(
        "proposal",
        proposal.id,
        proposal.consultation_id,
        proposal.title,
        proposal.body,
        public=proposal.visibility == Visibility.VISIBLE,
    )


def unindex_proposal(proposal: Any, **_: Any) -> None:
    service.unindex("proposal", proposal.id)


def index_comment(comment: Any, **_: Any) -> None:
    service.index(
        "comment",
        comment.id,
        comment.consultation_id,
        "",
        comment.body,
        public=comment.status == CommentStatus.PUBLISHED,
    )


def unindex_comment(comment: Any, **_: Any) -> None:
    service.unindex("comment", comment.id)


def reindex_on_visibility(item: Any, kind: str, after: str, **_: Any) -> None:
    """Moderation showed, held or hid an item: it is public in results only when visible."""
    if kind == "proposal":
        if item.is_withdrawn:
            return
        service.index(
            "proposal",
            item.id,
            item.consultation_id,
            item.title,
            item.body,
            public=after == Visibility.VISIBLE,
        )
    elif kind == "comment":
        service.index(
            "comment",
            item.id,
            item.consultation_id,
            "",
            item.body,
            public=after == Visibility.VISIBLE,
        )
