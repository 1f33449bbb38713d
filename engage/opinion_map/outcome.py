"""What the outcome report takes from the opinion map: its figures (it counts as input),
and what it found, to cite as "what we heard": the consensus statements and a sentence
per group. Frozen into the report's statistics when it is published."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from engage.opinion_map import queries, results

CITED_PER_GROUP = 2  # representative statements quoted for each group


def figures(consultation) -> dict[str, Any] | None:
    """{"statements", "votes", "voters", "groups": [...], "consensus": [...]}, or None
    when the consultation has no opinion map (usually without a query, see
    queries.shown_map_of)."""
    opinion_map = queries.shown_map_of(consultation.id)
    if opinion_map is None:
        return None
    found: dict[str, Any] = {
        "statements": opinion_map.statement_count,
        "votes": opinion_map.vote_count,
        "voters": opinion_map.participant_count,
        "groups": [],
        "consensus": [],
    }
    view = results.for_page(consultation, opinion_map, None, expanded="consensus")
    if view.result is None:
        return found
    found["consensus"] = [
        text for item in view.result.consensus if (text := view.text(item.statement_id))
    ]
    for group in view.result.groups:
        agreed = [
            {"text": text, "direction": rep.direction, "percent": _percent(rep)}
            for rep in group.representative
            if (text := view.text(rep.statement_id))
        ][:CITED_PER_GROUP]
        found["groups"].append({"label": group.label, "size": group.size, "statements": agreed})
    return found


def _percent(rep) -> int:
    votes = rep.group
    return votes.agree_percent if rep.direction == "agree" else votes.disagree_percent


def citation(found: dict[str, Any] | None) -> str:
    """Markdown an official can add to "what we heard", in the reader's language."""
    if not found or not found["groups"]:
        return ""
    lines = [
        _(
            "The opinion map: %(voters)d people cast %(votes)d votes on %(statements)d statements.",
            voters=found["voters"],
            votes=found["votes"],
            statements=found["statements"],
        ),
        "",
    ]
    if found["consensus"]:
        lines.append(_("Every group of opinion agreed that:"))
        lines += [f"- “{text}”" for text in found["consensus"]]
        lines.append("")
    for group in found["groups"]:
        said = "; ".join(
            _("%(percent)d%% agree with “%(text)s”", percent=s["percent"], text=s["text"])
            if s["direction"] == "agree"
            else _("%(percent)d%% disagree with “%(text)s”", percent=s["percent"], text=s["text"])
            for s in group["statements"]
        )
        size = ngettext("%(num)d person", "%(num)d people", group["size"])
        lines.append(
            "- "
            + _("Group %(label)s", label=group["label"])
            + f" ({size})"
            + (f": {said}." if said else ".")
        )
    return "\n".join(lines).strip()
