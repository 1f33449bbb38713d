"""What a comment hangs on: one place that knows each target type's rules and page.

Comments hang on consultations, and on proposals, clauses and amendments, whose features
introduce them at app start (``register``, called from engage.wiring): comments never
import the features they hang on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation import permissions as moderation_permissions
from engage.moderation.models import Visibility
from engage.params import bounded_int

# Target types that take comments.
COMMENTABLE = ("consultation", "proposal", "clause", "amendment")

# kind -> (the object if the public may read it, or None; the consultation it belongs to)
_KINDS: dict[str, tuple[Callable[[int], Any], Callable[[Any], Consultation | None]]] = {}


def register(
    kind: str, load: Callable[[int], Any], consultation_of: Callable[[Any], Consultation | None]
) -> None:
    """A kind of thing people comment on: how to load one, and its consultation."""
    if kind not in COMMENTABLE:
        raise ValueError(f"unknown comment target {kind!r}")
    _KINDS[kind] = (load, consultation_of)


@dataclass
class Target:
    kind: str
    obj: Any
    consultation: Consultation
    # Held or hidden by moderation, and this reader sees only the placeholder (for_viewer).
    placeholder_only: bool = False

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def title(self) -> str:
        if self.placeholder_only:
            return _("Hidden proposal")
        return self.obj.title

    @property
    def held(self) -> bool:
        """Held for review or hidden by a moderator: it takes no new comments."""
        return getattr(self.obj, "visibility", Visibility.VISIBLE) != Visibility.VISIBLE

    @property
    def takes_stance(self) -> bool:
        return self.kind == "proposal"

    @property
    def withdrawn(self) -> bool:
        return bool(getattr(self.obj, "is_withdrawn", False))

    @property
    def accepts_comments(self) -> bool:
        return self.consultation.is_open and not self.withdrawn

    @property
    def comment_count(self) -> int:
        return self.obj.comment_count


def find_target(kind: str, target_id: int) -> Target | None:
    """The target if it exists and the public may read it: published, in a published consultation.

    Uses the identity map, so pages that already loaded their consultation or proposal pay
    no query here.
    """
    if kind == "consultation":
        consultation = db.session.get(Consultation, target_id)
        obj = consultation
    elif kind in _KINDS:
        load, consultation_of = _KINDS[kind]
        obj = load(target_id)
        consultation = consultation_of(obj) if obj is not None else None
    else:
        return None
    if obj is None or consultation is None or not consultation.is_published:
        return None
    return Target(kind=kind, obj=obj, consultation=consultation)


def for_viewer(target: Target | None, viewer: Any) -> Target | None:
    """The target as this reader may see it, by the rules of its own page: an item held for
    review exists only for its author and moderators; a hidden one shows its placeholder."""
    if target is None or not target.held:
        return target
    if not moderation_permissions.can_see(viewer, target.obj):
        return None
    target.placeholder_only = not moderation_permissions.sees_held(viewer, target.obj)
    return target


def target_or_404(kind: str | None, target_id: Any, viewer: Any) -> Target:
    number = bounded_int(target_id)
    if number is None:
        abort(404)
    target = for_viewer(find_target(kind or "", number), viewer)
    if target is None:
        abort(404)
    return target


def page_url(target: Target, anchor: str | None = None, **args) -> str:
    """The page that shows the target and its comments.

    Falls back to the comments' own thread page while a target type has no page yet.
    """
    endpoint, values = {
        "consultation": ("consultations.view_discussion", {"slug": target.consultation.slug}),
        "proposal": ("proposals.view_proposal", {"proposal_id": target.id}),
        "clause": (
            "drafts.view_clause",
            {"slug": target.consultation.slug, "number": getattr(target.obj, "number", 0)},
        ),
        "amendment": ("amendments.view_amendment", {"amendment_id": target.id}),
    }[target.kind]
    args = {k: v for k, v in args.items() if v is not None}
    try:
        return url_for(endpoint, **values, **args, _anchor=anchor)
    except BuildError:
        return url_for(
            "comments.thread", target_type=target.kind, target_id=target.id, **args, _anchor=anchor
        )
