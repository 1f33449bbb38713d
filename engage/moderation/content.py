"""One view of everything moderation can act on, whatever its model.

Proposals and amendments carry ``visibility`` ('visible' | 'pending' | 'hidden');
comments carry ``status`` ('published' | 'pending' | 'hidden' | 'deleted'). Callers use
this module and never look at those columns themselves.

Counting rule: a held item ('pending') does not exist for the public, so it is not
counted on its parent; a hidden item keeps its place as a placeholder (like a deleted
comment's tombstone), so it stays counted. Search shows only visible items. Both are kept
by the features that own them, listening to ``visibility_changed`` (engage.signals).

Moderation knows content by kind ('proposal', 'comment', 'amendment'), never by import:
the features that own each model register it here at app start (engage.wiring).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import url_for

from engage import signals
from engage.accounts.models import User
from engage.extensions import db
from engage.moderation.models import Visibility

# Comment statuses, spelled here because comments depend on moderation, not the other
# way round (engage.comments.models.CommentStatus has the same words).
_COMMENT_PUBLISHED, _COMMENT_DELETED = "published", "deleted"

CONTENT_TYPES = ("proposal", "comment", "amendment", "opinion_statement")

# kind -> model; people are moderated too (reports, suspensions).
_MODELS: dict[str, type] = {"user": User}
# kind -> where the item is shown, for kinds registered with their own address.
_URLS: dict[str, Callable[[Any], str]] = {}
# kind -> whether a new item waits for a moderator before anyone sees it, besides the
# consultation's own "review before publishing" (the opinion map holds residents'
# statements by default).
_REVIEWED_FIRST: dict[str, Callable[[Any], bool]] = {}


def register(
    kind: str,
    model: type,
    *,
    url: Callable[[Any], str] | None = None,
    reviewed_first: Callable[[Any], bool] | None = None,
) -> None:
    """A feature's model that people can report and moderators can act on; ``url`` says
    where one is shown, ``reviewed_first`` whether a new one is held for review."""
    if kind not in CONTENT_TYPES:
        raise ValueError(f"unknown content type {kind!r}")
    _MODELS[kind] = model
    if url is not None:
        _URLS[kind] = url
    if reviewed_first is not None:
        _REVIEWED_FIRST[kind] = reviewed_first


def reviewed_first(item: Any) -> bool:
    """The item's feature holds new ones for review (besides the consultation's setting)."""
    check = _REVIEWED_FIRST.get(kind(item))
    return bool(check and check(item))


def model_for(target_type: str):
    return _MODELS.get(target_type)


def _is(item: Any, kind: str) -> bool:
    model = _MODELS.get(kind)
    return model is not None and isinstance(item, model)


def content_models() -> list[tuple[str, type]]:
    """(kind, model) for everything a person posts, in CONTENT_TYPES order."""
    return [(kind, _MODELS[kind]) for kind in CONTENT_TYPES if kind in _MODELS]


def load(target_type: str, target_id: int) -> Any | None:
    model = model_for(target_type)
    return db.session.get(model, target_id) if model is not None else None


def kind(item: Any) -> str:
    for name, model in _MODELS.items():
        if isinstance(item, model):
            return name
    raise TypeError(f"not moderatable: {item!r}")


def author_id(item: Any) -> int | None:
    return item.id if isinstance(item, User) else item.author_id


def consultation_id(item: Any) -> int | None:
    return None if isinstance(item, User) else item.consultation_id


def visibility(item: Any) -> str:
    """'visible', 'pending' or 'hidden'. A deleted comment is a public tombstone: visible."""
    if isinstance(item, User):
        return Visibility.VISIBLE
    if _is(item, "comment"):
        return (
            item.status
            if item.status in (Visibility.PENDING, Visibility.HIDDEN)
            else Visibility.VISIBLE
        )
    return item.visibility


def is_held(item: Any) -> bool:
    return visibility(item) != Visibility.VISIBLE


def visible_condition(model):
    """SQL condition: rows of this content model that the public sees (tombstones too)."""
    if model is _MODELS.get("comment"):
        return model.status.in_((_COMMENT_PUBLISHED, _COMMENT_DELETED))
    return model.visibility == Visibility.VISIBLE


def set_visibility(item: Any, value: str) -> bool:
    """Show, hold or hide an item, then announce it (visibility_changed): the features
    that own the parent's counts and the search index keep them in step.

    Returns False when nothing changed. Never deletes anything.
    """
    if value not in tuple(Visibility):
        raise ValueError(f"unknown visibility {value!r}")
    before = visibility(item)
    if before == value or isinstance(item, User):
        return False
    item_kind = kind(item)
    if item_kind == "comment":
        if item.is_deleted:
            return False
        item.status = _COMMENT_PUBLISHED if value == Visibility.VISIBLE else value
    else:
        item.visibility = value
    db.session.flush()
    signals.visibility_changed.send(
        item,
        kind=item_kind,
        before=before,
        after=value,
        count_change=(before == Visibility.PENDING)
        - (value == Visibility.PENDING),  # +1 leaving pending
    )
    return True


def text(item: Any) -> str:
    """The words moderation looks at (spam signals, duplicates)."""
    item_kind = kind(item)
    if item_kind == "proposal":
        return f"{item.title}\n{item.body}"
    if item_kind in ("comment", "opinion_statement"):
        return item.body if item_kind == "comment" else item.text
    if item_kind == "user":
        return item.display_name
    return "\n".join(filter(None, [getattr(item, "text", ""), getattr(item, "rationale", "")]))


def excerpt(item: Any, length: int = 160) -> str:
    words = re.sub(r"\s+", " ", text(item)).strip()
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"


def url(item: Any) -> str:
    item_kind = kind(item)
    if item_kind in _URLS:
        return _URLS[item_kind](item)
    if item_kind == "proposal":
        return url_for("proposals.view_proposal", proposal_id=item.id)
    if item_kind == "comment":
        return url_for("comments.show", comment_id=item.id, _anchor=f"comment-{item.id}")
    if item_kind == "user":
        return url_for("admin.user_detail", user_id=item.id)
    return url_for("amendments.view_amendment", amendment_id=item.id)
