"""Which statement a person sees next: a weighted draw that favours statements with few
votes and those that separate the groups (Polis's published routing priority).

    priority = ((1 - p) * (E + 1) * a * (1 + 8 * 2 ** (-S / 5))) ** 2

S is how many people have voted on the statement, a = (A + 1) / (S + 2) its agree rate
and p = (P + 1) / (S + 2) its pass rate (one vote of each kind assumed, so a new
statement is not 0 or 1), E its extremity on the last map (0 to 1; 0 before any map).
The last factor is 9 for a new statement and falls towards 1 as votes come in.
See docs/opinion-map.md.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol, TypeVar

from engage.opinion_map.result import AnalysisResult


class CountedStatement(Protocol):
    """What routing reads of a statement (OpinionStatement has these)."""

    @property
    def id(self) -> int: ...
    @property
    def agree_count(self) -> int: ...
    @property
    def disagree_count(self) -> int: ...
    @property
    def pass_count(self) -> int: ...


S = TypeVar("S", bound=CountedStatement)


def priority(agree: int, disagree: int, passed: int, extremity: float = 0.0) -> float:
    seen = agree + disagree + passed
    agree_rate = (agree + 1) / (seen + 2)
    pass_rate = (passed + 1) / (seen + 2)
    novelty = 1 + 8 * 2 ** (-seen / 5)
    return ((1 - pass_rate) * (extremity + 1) * agree_rate * novelty) ** 2


def priorities(
    statements: Sequence[S],
    result: AnalysisResult | None = None,
    extremity: Mapping[int, float] | None = None,
) -> list[tuple[S, float]]:
    """Each statement with its priority; extremities from ``extremity`` (statement id ->
    0..1, e.g. recompute.extremities) or else from ``result``."""
    if extremity is None:
        extremity = {s.statement_id: s.extremity for s in result.statements} if result else {}
    return [
        (
            statement,
            priority(
                statement.agree_count,
                statement.disagree_count,
                statement.pass_count,
                extremity.get(statement.id, 0.0),
            ),
        )
        for statement in statements
    ]


def _weights(candidates: Sequence[CountedStatement], extremity: Mapping[int, float]) -> list:
    """``priority`` of each candidate, worked out on arrays (a thousand statements per
    page view: a tenth of the time of calling ``priority`` for each). NumPy is loaded
    here, by the first voting page a worker draws, not by every worker as it starts."""
    import numpy as np  # here, not at the top: see the docstring

    n = len(candidates)
    agree = np.fromiter((s.agree_count for s in candidates), np.float64, n)
    disagree = np.fromiter((s.disagree_count for s in candidates), np.float64, n)
    passed = np.fromiter((s.pass_count for s in candidates), np.float64, n)
    extreme = np.fromiter((extremity.get(s.id, 0.0) for s in candidates), np.float64, n)
    seen = agree + disagree + passed
    agree_rate = (agree + 1) / (seen + 2)
    pass_rate = (passed + 1) / (seen + 2)
    novelty = 1 + 8 * np.exp2(-seen / 5)
    return (((1 - pass_rate) * (extreme + 1) * agree_rate * novelty) ** 2).tolist()


def next_statement(
    statements: Sequence[S],
    voted_ids: Collection[int],
    result: AnalysisResult | None = None,
    rng: random.Random | None = None,
    extremity: Mapping[int, float] | None = None,
) -> S | None:
    """One of ``statements`` the person has not voted on, drawn with chances in proportion
    to its priority; None when they have voted on all of them. Pass a seeded ``rng`` for
    a repeatable order."""
    if extremity is None:
        extremity = {s.statement_id: s.extremity for s in result.statements} if result else {}
    voted = set(voted_ids)
    candidates = sorted(  # the draw depends on the rng only, not the order given
        (s for s in statements if s.id not in voted), key=lambda s: s.id
    )
    if not candidates:
        return None
    return (rng or random.Random()).choices(candidates, weights=_weights(candidates, extremity))[0]
