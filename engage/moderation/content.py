"""One view of everything moderation can act on, whatever its model.

Proposals and amendments carry ``visibility`` ('visible' | 'pending' | 'hidden');
comments carry ``status`` ('published' | 'pending' | 'hidden' | 'deleted'). Callers use
this module and never look at those columns themselves.

Counting rule: a held item ('pending') does not exist for the public, so it is not
counted on its parent; a hidden item keeps its place as a placeholder (like a deleted
comment's tombstone), so it stays counted. Search shows only visible items.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from flask import url_for
from sqlalchemy import update

from engage.accounts.models import User
from engage.comments.models import Comment
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.proposals.models import Proposal
from engage.search import service as search

VISIBLE = "visible"
PENDING = "pending"
HIDDEN = "hidden"
VISIBILITIES = (VISIBLE, PENDING, HIDDEN)

CONTENT_TYPES = ("proposal", "comment", "amendment")

# The amendments feature is built alongside; its model joins when it exists.
_AMENDMENT_MODULE = "engage.amendments.models"


def _amendment_model():
    try:
        return importlib.import_module(_AMENDMENT_MODULE).Amendment
    except ModuleNotFoundError:
        return None


def model_for(target_type: str):
    if target_type == "proposal":
        return Proposal
    if target_type == "comment":
        return Comment
    if target_type == "amendment":
        return _amendment_model()
    if target_type == "user":
        return User
    return None


def load(target_type: str, target_id: int) -> Any | None:
    model = model_for(target_type)
    return db.session.get(model, target_id) if model is not None else None


def kind(item: Any) -> str:
    if isinstance(item, Proposal):
        return "proposal"
    if isinstance(item, Comment):
        return "comment"
    if isinstance(item, User):
        return "user"
    amendment = _amendment_model()
    if amendment is not None and isinstance(item, amendment):
        return "amendment"
    raise TypeError(f"not moderatable: {item!r}")


def author_id(item: Any) -> int | None:
    return item.id if isinstance(item, User) else item.author_id


def consultation_id(item: Any) -> int | None:
    return None if isinstance(item, User) else item.consultation_id


def visibility(item: Any) -> str:
    """'visible', 'pending' or 'hidden'. A deleted comment is a public tombstone: visible."""
    if isinstance(item, User):
        return VISIBLE
    if isinstance(item, Comment):
        return item.status if item.status in (PENDING, HIDDEN) else VISIBLE
    return item.visibility


def is_held(item: Any) -> bool:
    return visibility(item) != VISIBLE


def set_visibility(item: Any, value: str) -> bool:
    """Show, hold or hide an item; keeps the parent's counts and the search index in step.

    Returns False when nothing changed. Never deletes anything.
    """
    if value not in VISIBILITIES:
        raise ValueError(f"unknown visibility {value!r}")
    before = visibility(item)
    if before == value or isinstance(item, User):
        return False
    if isinstance(item, Comment):
        if item.is_deleted:
            return False
        item.status = "published" if value == VISIBLE else value
    else:
        item.visibility = value
    db.session.flush()
    delta = (before == PENDING) - (value == PENDING)  # +1 leaving pending, -1 entering it
    if delta:
        _count(item, delta)
    _reindex(item, value)
    return True


def _increment(model, row_id: int, **deltas: int) -> None:
    values = {name: getattr(model, name) + delta for name, delta in deltas.items()}
    db.session.execute(
        update(model).where(model.id == row_id).values(values),
        execution_options={"synchronize_session": False},
    )


def _count(item: Any, delta: int) -> None:
    if isinstance(item, Proposal):
        _increment(Consultation, item.consultation_id, proposal_count=delta)
        db.session.expire(item.consultation, ["proposal_count"])
    elif isinstance(item, Comment):
        from engage.comments.targets import find_target

        target = find_target(item.target_type, item.target_id)
        if target is not None:
            _increment(type(target.obj), target.id, comment_count=delta)
            db.session.expire(target.obj, ["comment_count"])
        if item.parent_id is not None:
            _increment(Comment, item.parent_id, reply_count=delta)
            parent = db.session.get(Comment, item.parent_id)
            db.session.expire(parent, ["reply_count"])
    elif kind(item) == "amendment":
        # The clause's amendment_count belongs to the amendments feature.
        from engage.amendments.service import count_on_clause

        count_on_clause(item, delta)


def _reindex(item: Any, value: str) -> None:
    if isinstance(item, Proposal):
        if item.is_withdrawn:
            return
        search.index(
            "proposal",
            item.id,
            item.consultation_id,
            item.title,
            item.body,
            public=value == VISIBLE,
        )
    elif isinstance(item, Comment):
        search.index(
            "comment", item.id, item.consultation_id, "", item.body, public=value == VISIBLE
        )


def text(item: Any) -> str:
    """The words moderation looks at (spam signals, duplicates)."""
    if isinstance(item, Proposal):
        return f"{item.title}\n{item.body}"
    if isinstance(item, Comment):
        return item.body
    if isinstance(item, User):
        return item.display_name
    return "\n".join(filter(None, [getattr(item, "text", ""), getattr(item, "rationale", "")]))


def excerpt(item: Any, length: int = 160) -> str:
    words = re.sub(r"\s+", " ", text(item)).strip()
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"


def url(item: Any) -> str:
    if isinstance(item, Proposal):
        return url_for("proposals.view_proposal", proposal_id=item.id)
    if isinstance(item, Comment):
        return url_for("comments.show", comment_id=item.id, _anchor=f"comment-{item.id}")
    if isinstance(item, User):
        return url_for("admin.user_detail", user_id=item.id)
    return url_for("amendments.view_amendment", amendment_id=item.id)
