"""What changed between two versions of a draft, clause by clause, word by word.

Clauses are matched by identity (clause_id), not by position or text, so a moved or
renumbered neighbour never shows up as a change. Word-level marks come from the proposals'
word_diff: <ins>/<del> with the change also said in words for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from engage.drafts.models import ClauseVersion
from engage.proposals.diff import mark_change, word_diff

UNCHANGED = "unchanged"
CHANGED = "changed"
ADDED = "added"
REMOVED = "removed"


@dataclass
class ClauseChange:
    clause_id: int
    number: int
    kind: str
    status: str
    old: ClauseVersion | None
    new: ClauseVersion | None
    html: Markup

    @property
    def is_section(self) -> bool:
        return self.kind == "section"

    @property
    def changed(self) -> bool:
        return self.status != UNCHANGED


def whole(tag: str, text: str) -> Markup:
    """A wholly added or removed clause, marked like a word-level change."""
    return mark_change(tag, text)


def compare(old: list[ClauseVersion], new: list[ClauseVersion]) -> list[ClauseChange]:
    """Every clause of either version, in the new version's order; removed clauses stay where
    they were, after the clause that preceded them."""
    old_by_id = {c.clause_id: c for c in old}
    new_ids = {c.clause_id for c in new}
    changes: list[ClauseChange] = []
    removed_after: dict[int | None, list[ClauseVersion]] = {}
    previous: int | None = None
    for c in old:
        if c.clause_id not in new_ids:
            removed_after.setdefault(previous, []).append(c)
        else:
            previous = c.clause_id

    def add_removed(after: int | None) -> None:
        for c in removed_after.pop(after, []):
            changes.append(
                ClauseChange(c.clause_id, c.number, c.kind, REMOVED, c, None, whole("del", c.text))
            )

    add_removed(None)
    for c in new:
        before = old_by_id.get(c.clause_id)
        if before is None:
            change = ClauseChange(
                c.clause_id, c.number, c.kind, ADDED, None, c, whole("ins", c.text)
            )
        elif before.text == c.text:
            change = ClauseChange(
                c.clause_id, c.number, c.kind, UNCHANGED, before, c, Markup.escape(c.text)
            )
        else:
            change = ClauseChange(
                c.clause_id, c.number, c.kind, CHANGED, before, c, word_diff(before.text, c.text)
            )
        changes.append(change)
        add_removed(c.clause_id)
    for after in list(removed_after):
        add_removed(after)
    return changes


def summary(changes: list[ClauseChange]) -> dict[str, int]:
    counts = {CHANGED: 0, ADDED: 0, REMOVED: 0}
    for change in changes:
        if change.status in counts:
            counts[change.status] += 1
    return counts
