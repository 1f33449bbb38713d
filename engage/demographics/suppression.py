"""The Small Numbers Rule: no count under 10 people is shown, nor can be worked out.

Primary suppression hides every cell under THRESHOLD. A hidden cell could still be
recovered by subtraction wherever a total is known and it is the only hidden cell
counted in it, so complementary suppression hides the next smallest shown cell of any
such group, until every group has no hidden cell or at least two. The groups of a
question's table are its whole row (all cells add up to the participants, which the
page shows) and its answers (they add up to the people who answered, which the shares
give away).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

THRESHOLD = 10


def hidden_cells(counts: Mapping[str, int], groups: Iterable[Iterable[str]]) -> set[str]:
    """The cells to hide: each under THRESHOLD, and enough others that no total gives
    one of them away."""
    groups = [list(group) for group in groups]
    hidden = {key for key, n in counts.items() if n < THRESHOLD}
    changed = True
    while changed:
        changed = False
        for group in groups:
            inside = [key for key in group if key in hidden]
            shown = [key for key in group if key not in hidden]
            if len(inside) == 1 and shown:
                hidden.add(min(shown, key=lambda key: (counts[key], key)))
                changed = True
    return hidden
