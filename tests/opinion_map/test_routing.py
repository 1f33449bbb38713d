"""The routing priority: new and separating statements come first, passed ones later."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import pytest

from engage.opinion_map.analysis import analyse
from engage.opinion_map.routing import next_statement, priority
from tests.opinion_map.planted import plant


@dataclass(frozen=True)
class Statement:
    id: int
    agree_count: int = 0
    disagree_count: int = 0
    pass_count: int = 0


def test_the_published_formula():
    # S=10, A=6, D=2, P=2: a = 7/12, p = 3/12, novelty = 1 + 8 * 2**-2 = 3.
    assert priority(6, 2, 2, 0.5) == pytest.approx(((1 - 3 / 12) * 1.5 * (7 / 12) * 3) ** 2)
    # A new statement: a = p = 1/2, novelty 9.
    assert priority(0, 0, 0) == pytest.approx((0.5 * 0.5 * 9) ** 2)


def test_few_votes_separating_and_answered_statements_come_first():
    assert priority(0, 0, 0) > priority(5, 5, 0) > priority(50, 50, 0)
    assert priority(10, 10, 0, extremity=1.0) == pytest.approx(4 * priority(10, 10, 0))
    assert priority(10, 0, 0) > priority(5, 0, 5)  # many passes: less worth showing


def test_never_a_statement_already_voted_on_and_none_at_the_end():
    statements = [Statement(1), Statement(2), Statement(3)]
    rng = random.Random(1)
    for _ in range(50):
        assert next_statement(statements, {1, 3}, rng=rng).id == 2
    assert next_statement(statements, {1, 2, 3}) is None
    assert next_statement([], set()) is None


def test_draws_follow_the_priorities_and_repeat_with_a_seed():
    statements = [Statement(1), Statement(2, 40, 40, 0), Statement(3, 5, 0, 0)]
    weights = {s.id: priority(s.agree_count, s.disagree_count, s.pass_count) for s in statements}
    rng = random.Random(5)
    drawn = Counter(next_statement(statements, set(), rng=rng).id for _ in range(20_000))
    total = sum(weights.values())
    for statement_id, weight in weights.items():
        assert drawn[statement_id] / 20_000 == pytest.approx(weight / total, abs=0.02)
    first = [next_statement(statements, set(), rng=random.Random(9)).id for _ in range(5)]
    assert len(set(first)) == 1
    # The order of the list given does not change the draw.
    reordered = next_statement(list(reversed(statements)), set(), rng=random.Random(9))
    assert reordered.id == first[0]


def test_extremity_comes_from_the_last_map():
    planted = plant(camp_sizes=(30, 30), statements=20, missing=0.2, seed=4)
    result = analyse(planted.votes, planted.statement_ids)
    most = max(result.statements, key=lambda s: s.extremity)
    least = min(result.statements, key=lambda s: s.extremity)
    statements = [Statement(most.statement_id, 5, 5, 0), Statement(least.statement_id, 5, 5, 0)]
    rng = random.Random(3)
    drawn = Counter(next_statement(statements, set(), result, rng).id for _ in range(4_000))
    assert drawn[most.statement_id] > drawn[least.statement_id]


def test_extremities_can_be_given_as_a_mapping():
    statements = [Statement(1, 5, 5, 0), Statement(2, 5, 5, 0)]
    rng = random.Random(3)
    drawn = Counter(
        next_statement(statements, set(), rng=rng, extremity={1: 1.0, 2: 0.0}).id
        for _ in range(2_000)
    )
    assert drawn[1] > 2.5 * drawn[2]  # four times the weight
