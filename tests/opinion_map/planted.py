"""Synthetic voters in planted camps with known opinions, for the analysis tests and the
benchmark: each camp has an opinion (+1 or -1) on every statement, everyone votes their
camp's opinion with some noise, passes sometimes, and leaves most statements unseen."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Planted:
    votes: list[tuple[str, int, int]]
    statement_ids: list[int]
    camp_of: dict[str, int]  # participant -> camp index
    consensus: set[int]  # statements every camp agrees with
    uncertain: set[int]  # statements most people pass on


def plant(
    *,
    camp_sizes: tuple[int, ...] = (120, 100, 80),
    statements: int = 60,
    consensus: int = 6,
    uncertain: int = 2,
    missing: float = 0.6,
    noise: float = 0.15,
    pass_rate: float = 0.1,
    seed: int = 7,
) -> Planted:
    rng = random.Random(seed)
    statement_ids = [100 + 3 * j for j in range(statements)]  # ids need not be 1..n
    consensus_ids = set(statement_ids[:consensus])
    uncertain_ids = set(statement_ids[consensus : consensus + uncertain])
    camps = len(camp_sizes)
    opinions: dict[int, tuple[int, ...]] = {}
    for statement_id in statement_ids:
        if statement_id in consensus_ids:
            opinions[statement_id] = (1,) * camps
            continue
        while True:  # any split but "every camp agrees"
            opinion = tuple(rng.choice((1, -1)) for _ in range(camps))
            if opinion != (1,) * camps:
                break
        opinions[statement_id] = opinion

    votes: list[tuple[str, int, int]] = []
    camp_of: dict[str, int] = {}
    number = 0
    for camp, size in enumerate(camp_sizes):
        for _ in range(size):
            number += 1
            participant = f"p-{number:05d}"
            camp_of[participant] = camp
            for statement_id in statement_ids:
                if rng.random() < missing:
                    continue
                passes = 0.6 if statement_id in uncertain_ids else pass_rate
                if rng.random() < passes:
                    value = 0
                else:
                    value = opinions[statement_id][camp]
                    if rng.random() < noise:
                        value = -value
                votes.append((participant, statement_id, value))
    rng.shuffle(votes)
    return Planted(votes, statement_ids, camp_of, consensus_ids, uncertain_ids)
