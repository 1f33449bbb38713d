"""Held content in lists and placeholders: the SQL twin of the rules in
engage.moderation.permissions (who sees held content), and what a placeholder says.

Placeholders read their reason from the item's newest case; pages prime those for all
held items they show in one query.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import or_, true

from engage.moderation import content, intake
from engage.moderation.decisions.service import translated_reason
from engage.moderation.models import CaseTrigger, Visibility
from engage.moderation.permissions import can_see, sees_held
from engage.permissions import Person, can_moderate, signed_in


def _viewer_id(viewer: Person | None) -> int | None:
    return viewer.id if signed_in(viewer) else None


def listed_condition(
    model, viewer: Person | None, held_column, pending_value: str = Visibility.PENDING
):
    """SQL condition: rows this viewer may find in a list (pending only their own)."""
    if can_moderate(viewer):
        return true()
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return held_column != pending_value
    return or_(held_column != pending_value, model.author_id == viewer_id)


def prime(items: list[Any]) -> None:
    """Load the cases behind every held item on the page, in one query (none if none held)."""
    held = [(content.kind(i), i.id) for i in items if content.is_held(i)]
    cache = g.setdefault("moderation_cases", {})
    wanted = [pair for pair in held if pair not in cache]
    if wanted:
        found = intake.latest_cases(wanted)
        for pair in wanted:
            cache[pair] = found.get(pair)


def case_for(item: Any):
    pair = (content.kind(item), item.id)
    cache = g.setdefault("moderation_cases", {})
    if pair not in cache:
        prime([item])
    return cache.get(pair)


def held_reason(item: Any) -> str:
    """What the placeholder says: why this item is held or hidden, in the reader's language."""
    state = content.visibility(item)
    if state == Visibility.VISIBLE:
        return ""
    case = case_for(item)
    if state == Visibility.PENDING:
        if case is not None and case.trigger == CaseTrigger.SPAM:
            return _("Awaiting review: held by an automatic check, not yet seen by a moderator.")
        if case is not None and case.trigger in (
            CaseTrigger.PREMODERATION,
            CaseTrigger.NEW_ACCOUNT,
        ):
            return _("Awaiting review: a moderator reads it before it is published.")
        return _("Awaiting review by a moderator.")
    if case is None:
        return _("Hidden by a moderator.")
    if case.is_open and case.trigger == CaseTrigger.REPORTS:
        return ngettext(
            "Hidden after %(num)d report, waiting for a moderator.",
            "Hidden after %(num)d reports, waiting for a moderator.",
            case.report_count,
        )
    # A moderator decided: their reason, written by the decisions side.

    return translated_reason(case.public_reason) or _("Hidden by a moderator.")


def init_app(app) -> None:
    for function in (held_reason, sees_held, can_see):
        app.add_template_global(function)
    app.add_template_global(content.visibility, "moderation_visibility")
