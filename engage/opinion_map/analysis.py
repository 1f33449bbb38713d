"""Opinion groups from agree/disagree/pass votes: pure numpy and scikit-learn, no database.

``analyse(votes, statement_ids)`` takes votes as ``(participant, statement_id, value)``
(value +1 agree, -1 disagree, 0 pass) and returns an ``AnalysisResult`` (result.py).
The same votes always give the same result: rows and columns are sorted, every random
step has a fixed seed, and ties are broken by fixed rules. Every formula is explained in
plain words in docs/opinion-map.md; the steps below follow its order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

from engage.opinion_map.result import (
    AnalysisResult,
    ConsensusStatement,
    DivisiveStatement,
    Group,
    Point,
    Position,
    Representative,
    StatementSummary,
    UncertainStatement,
    VoteArrays,
    VoteCounts,
)

__all__ = [
    "AnalysisResult",
    "ConsensusStatement",
    "DivisiveStatement",
    "Group",
    "Position",
    "Representative",
    "StatementSummary",
    "UncertainStatement",
    "VoteArrays",
    "VoteCounts",
    "analyse",
]

SEED = 20261203
MIN_VOTES = 7  # a participant needs min(MIN_VOTES, number of statements) votes to count
K_RANGE = range(2, 6)
SILHOUETTE_SAMPLE = 5_000  # above this many participants, silhouette on a fixed sample
Z_90 = 1.2816  # one-sided 90%
Z_95 = 1.6449  # one-sided 95%: the bar for a representative statement
MIN_SEEN_IN_GROUP = 3  # a group must have seen a statement this often for it to represent it
MAX_REPRESENTATIVE = 5
UNCERTAIN_PASS_SHARE = 0.3
DECIMALS = 6  # positions and scores are rounded so that results compare and store cleanly


@dataclass(frozen=True)
class _Matrix:
    """The participant x statement matrix, sparse: one stored entry per vote, all four
    matrices with the same entries in the same order (a pass is a stored zero in vote)."""

    participants: list[str]  # row keys, sorted
    statements: list[int]  # column ids, sorted
    vote: sparse.csr_matrix  # +1 agree, -1 disagree, 0 pass
    seen: sparse.csr_matrix  # 1 for every vote
    agree: sparse.csr_matrix  # 1 for an agree, else 0
    disagree: sparse.csr_matrix  # 1 for a disagree, else 0


def analyse(
    votes: Iterable[tuple[str, int, int]] | VoteArrays,
    statement_ids: Sequence[int],
    *,
    seed: int = SEED,
) -> AnalysisResult:
    """Groups, positions and the statement lists for one consultation's votes."""
    matrix = _build_matrix(votes, statement_ids)
    n_statements = len(matrix.statements)
    min_votes = min(MIN_VOTES, n_statements)
    votes_each = np.asarray(matrix.seen.sum(axis=1)).ravel()
    counted = np.flatnonzero((votes_each >= min_votes) & (votes_each > 0))

    coords, explained, extremity = _project(matrix, counted, seed)
    coords = np.round(coords, DECIMALS)  # cluster exactly the positions that are published
    labels, silhouette = _cluster(coords, seed)
    order = _group_order(coords, labels)
    # Relabel so that group 0 is "A", the largest.
    labels = np.array([order.index(label) for label in labels], dtype=np.int64)
    k = len(order)

    membership = _membership(len(matrix.participants), counted, labels, k)
    agree_g = (membership.T @ matrix.agree).toarray()
    disagree_g = (membership.T @ matrix.disagree).toarray()
    seen_g = (membership.T @ matrix.seen).toarray()
    summaries = _summaries(matrix, agree_g, disagree_g, seen_g, extremity)
    letters = [_label(index) for index in range(k)]
    groups = tuple(
        Group(
            label=letters[g],
            size=int((labels == g).sum()),
            centroid=_round_point(coords[labels == g].mean(axis=0)),
            region=_hull(coords[labels == g]),
            representative=_representative(summaries, g),
        )
        for g in range(k)
    )
    positions = tuple(
        Position(matrix.participants[row], _r(coords[i, 0]), _r(coords[i, 1]), letters[labels[i]])
        for i, row in enumerate(counted)
    )
    return AnalysisResult(
        statement_count=n_statements,
        vote_count=int(matrix.seen.nnz),
        participant_count=len(matrix.participants),
        min_votes=min_votes,
        left_out=len(matrix.participants) - len(counted),
        k=k,
        silhouette=None if silhouette is None else _r(silhouette),
        explained_variance=tuple(_r(share) for share in explained),
        extent=_extent(coords),
        groups=groups,
        consensus=_consensus(summaries, k),
        divisive=_divisive(summaries, k),
        uncertain=_uncertain(summaries),
        statements=tuple(summaries),
        positions=positions,
    )


def _build_matrix(
    votes: Iterable[tuple[str, int, int]] | VoteArrays, statement_ids: Sequence[int]
) -> _Matrix:
    statements = np.array(sorted(set(statement_ids)), dtype=np.int64)
    if isinstance(votes, VoteArrays):
        names = np.array(list(votes.participants), dtype=str)
        first_seen = np.asarray(votes.voter, dtype=np.int64)
        asked = np.asarray(votes.statement, dtype=np.int64)
        values = np.asarray(votes.value, dtype=np.int64)
    else:
        votes = votes if isinstance(votes, list) else list(votes)
        codes: dict[str, int] = {}  # participant -> first-seen number, renumbered sorted below
        first_seen = np.fromiter(
            (codes.setdefault(vote[0], len(codes)) for vote in votes), np.int64, len(votes)
        )
        asked = np.fromiter((vote[1] for vote in votes), np.int64, len(votes))
        values = np.fromiter((vote[2] for vote in votes), np.int64, len(votes))
        names = np.array([str(key) for key in codes], dtype=str)
    if not np.isin(values, (-1, 0, 1)).all():
        raise ValueError("a vote is -1, 0 or 1")
    sorted_rank = np.empty(len(names), dtype=np.int64)
    sorted_rank[np.argsort(names, kind="stable")] = np.arange(len(names))
    cols = np.searchsorted(statements, asked)
    known = cols < len(statements)
    known[known] = statements[cols[known]] == asked[known]
    # Votes on statements not asked about are ignored, and so are people with no others.
    rows, cols, values = sorted_rank[first_seen[known]], cols[known], values[known]
    present = np.unique(rows)
    participants = names[np.argsort(names, kind="stable")][present]
    rows = np.searchsorted(present, rows)
    shape = (len(participants), len(statements))
    # Row by row, columns ascending: the layout (and every sum over it) never depends on
    # the order the votes came in. A second vote on the same statement replaces the first.
    cell = rows.astype(np.int64) * max(len(statements), 1) + cols
    order = np.argsort(cell, kind="stable")
    cell = cell[order]
    last = np.ones(len(cell), dtype=bool)
    last[:-1] = cell[1:] != cell[:-1]
    order = order[last]
    rows, indices, values = rows[order], cols[order], values[order].astype(np.float64)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=shape[0]))))

    def layout(data: np.ndarray) -> sparse.csr_matrix:
        return sparse.csr_matrix((data, indices, indptr), shape=shape)

    return _Matrix(
        participants=[str(key) for key in participants],
        statements=[int(statement_id) for statement_id in statements],
        vote=layout(values),
        seen=layout(np.ones(len(values))),
        agree=layout((values == 1).astype(np.float64)),
        disagree=layout((values == -1).astype(np.float64)),
    )


def _project(
    matrix: _Matrix, counted: np.ndarray, seed: int
) -> tuple[np.ndarray, tuple[float, ...], np.ndarray]:
    """Impute with column means, centre, and project the counted rows onto 2 components.

    A missing vote filled with its column's mean is exactly zero once centred, so the
    centred matrix keeps the sparsity of the votes: only the stored entries change.
    Returns the positions, each axis's share of the variance, and each statement's
    extremity (length of its loading on the two axes, scaled so the largest is 1).
    """
    n_statements = len(matrix.statements)
    extremity = np.zeros(n_statements)
    coords = np.zeros((len(counted), 2))
    if len(counted) < 2 or n_statements < 2:
        return coords, (), extremity
    seen = matrix.seen[counted]
    seen_per_column = np.asarray(seen.sum(axis=0)).ravel()
    sums = np.asarray(matrix.vote[counted].sum(axis=0)).ravel()
    means = np.divide(sums, seen_per_column, out=np.zeros(n_statements), where=seen_per_column > 0)
    centred = matrix.vote.copy()
    centred.data = centred.data - means[centred.indices]
    centred = centred[counted]
    total = float(centred.multiply(centred).sum())
    if total <= 0:
        return coords, (), extremity  # everyone voted alike: no direction to show
    u, s, vt = randomized_svd(centred, n_components=2, n_iter=7, random_state=seed, flip_sign=False)
    for c in range(2):
        # A component's sign is arbitrary: point it so that its largest loading is positive.
        pivot = int(np.argmax(np.abs(vt[c])))
        if vt[c, pivot] < 0:
            u[:, c], vt[c] = -u[:, c], -vt[c]
    coords = u * s
    explained = tuple(float(value**2 / total) for value in s)
    lengths = np.sqrt((vt**2).sum(axis=0))
    if lengths.max() > 0:
        extremity = lengths / lengths.max()
    return coords, explained, extremity


def _cluster(coords: np.ndarray, seed: int) -> tuple[np.ndarray, float | None]:
    """k-means for k = 2..5 on the map positions; keep the k with the best silhouette
    (the smaller k on a tie). Fewer than three distinct positions: one group."""
    n = len(coords)
    distinct = len(np.unique(coords, axis=0)) if n else 0
    best_labels, best_score = np.zeros(n, dtype=np.int64), None
    for k in K_RANGE:
        if k > min(distinct, n - 1):
            break
        with threadpool_limits(1):
            # One thread: a few thousand 2-D points are quicker alone than with OpenMP
            # threads spinning for a core on a busy machine.
            model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(coords)
        labels = model.labels_.astype(np.int64)
        try:
            score = float(
                silhouette_score(
                    coords,
                    labels,
                    sample_size=SILHOUETTE_SAMPLE if n > SILHOUETTE_SAMPLE else None,
                    random_state=seed,
                )
            )
        except ValueError:  # a sample that caught a single group
            continue
        if best_score is None or score > best_score:
            best_labels, best_score = labels, score
    return best_labels, best_score


def _group_order(coords: np.ndarray, labels: np.ndarray) -> list[int]:
    """Cluster ids from the largest group down; ties by centroid, left to right."""
    keys = []
    for label in np.unique(labels):
        members = coords[labels == label]
        centroid = members.mean(axis=0)
        keys.append((-len(members), _r(centroid[0]), _r(centroid[1]), int(label)))
    return [key[-1] for key in sorted(keys)]


def _membership(n_rows: int, counted: np.ndarray, labels: np.ndarray, k: int):
    """Participants x groups, 1 where the (counted) participant is in the group."""
    return sparse.csr_matrix((np.ones(len(counted)), (counted, labels)), shape=(n_rows, max(k, 1)))[
        :, :k
    ]


def _summaries(
    matrix: _Matrix,
    agree_g: np.ndarray,
    disagree_g: np.ndarray,
    seen_g: np.ndarray,
    extremity: np.ndarray,
) -> list[StatementSummary]:
    agree = np.asarray(matrix.agree.sum(axis=0)).ravel()
    disagree = np.asarray(matrix.disagree.sum(axis=0)).ravel()
    seen = np.asarray(matrix.seen.sum(axis=0)).ravel()
    k = agree_g.shape[0]
    return [
        StatementSummary(
            statement_id=statement_id,
            votes=_votes(agree[j], disagree[j], seen[j]),
            by_group=tuple(_votes(agree_g[g, j], disagree_g[g, j], seen_g[g, j]) for g in range(k)),
            extremity=_r(extremity[j]),
        )
        for j, statement_id in enumerate(matrix.statements)
    ]


def _votes(agree: float, disagree: float, seen: float) -> VoteCounts:
    a, d, s = int(round(agree)), int(round(disagree)), int(round(seen))
    return VoteCounts(agree=a, disagree=d, passed=s - a - d)


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> float:
    """How many standard errors x1/n1 lies above x2/n2, with one success and one failure
    added to each side (so that 0 of 3 against 0 of 300 is still a finite number)."""
    p1, p2 = (x1 + 1) / (n1 + 2), (x2 + 1) / (n2 + 2)
    pooled = (x1 + x2 + 2) / (n1 + n2 + 4)
    error = math.sqrt(pooled * (1 - pooled) * (1 / (n1 + 2) + 1 / (n2 + 2)))
    return (p1 - p2) / error


def _representative(summaries: list[StatementSummary], g: int) -> tuple[Representative, ...]:
    """Statements a majority of group g agrees (or disagrees) with, significantly more
    than the other groups (one-sided 95%), strongest first, at most MAX_REPRESENTATIVE."""
    if not summaries or len(summaries[0].by_group) < 2:
        return ()
    found = []
    for summary in summaries:
        mine = summary.by_group[g]
        others = _sum_counts(c for h, c in enumerate(summary.by_group) if h != g)
        if mine.seen < MIN_SEEN_IN_GROUP:
            continue
        for direction, x1, x2 in (
            ("agree", mine.agree, others.agree),
            ("disagree", mine.disagree, others.disagree),
        ):
            if 2 * x1 <= mine.seen:
                continue
            z = two_proportion_z(x1, mine.seen, x2, others.seen)
            if z < Z_95:
                continue
            ratio = ((x1 + 1) / (mine.seen + 2)) / ((x2 + 1) / (others.seen + 2))
            found.append(
                Representative(summary.statement_id, direction, mine, others, _r(z), _r(ratio))
            )
    found.sort(key=lambda rep: (-rep.z, -rep.ratio, rep.statement_id, rep.direction))
    return tuple(found[:MAX_REPRESENTATIVE])


def _sum_counts(counts: Iterable[VoteCounts]) -> VoteCounts:
    counts = list(counts)
    return VoteCounts(
        sum(c.agree for c in counts), sum(c.disagree for c in counts), sum(c.passed for c in counts)
    )


def _consensus(summaries: list[StatementSummary], k: int) -> tuple[ConsensusStatement, ...]:
    """Agreed by a majority of every group, by group-informed consensus, highest first."""
    if k == 0:
        return ()
    found = []
    for summary in summaries:
        if all(2 * counts.agree > counts.seen for counts in summary.by_group):
            score = math.prod((c.agree + 1) / (c.seen + 2) for c in summary.by_group)
            found.append(ConsensusStatement(summary.statement_id, _r(score), summary.by_group))
    found.sort(key=lambda item: (-item.score, item.statement_id))
    return tuple(found)


def _divisive(summaries: list[StatementSummary], k: int) -> tuple[DivisiveStatement, ...]:
    """A majority of one group agrees and a majority of another disagrees; widest first."""
    if k < 2:
        return ()
    found = []
    for summary in summaries:
        groups = [counts for counts in summary.by_group if counts.seen]
        if any(2 * c.agree > c.seen for c in groups) and any(
            2 * c.disagree > c.seen for c in groups
        ):
            shares = [c.agree / c.seen for c in groups]
            spread = max(shares) - min(shares)
            found.append(DivisiveStatement(summary.statement_id, _r(spread), summary.by_group))
    found.sort(key=lambda item: (-item.spread, item.statement_id))
    return tuple(found)


def _uncertain(summaries: list[StatementSummary]) -> tuple[UncertainStatement, ...]:
    """More than 30% of everyone who saw it passed; most passes first."""
    found = [
        UncertainStatement(s.statement_id, _r(s.votes.passed / s.votes.seen), s.votes)
        for s in summaries
        if s.votes.seen and s.votes.passed > UNCERTAIN_PASS_SHARE * s.votes.seen
    ]
    found.sort(key=lambda item: (-item.pass_share, item.statement_id))
    return tuple(found)


def _hull(points: np.ndarray) -> tuple[Point, ...]:
    """Convex hull, counter-clockwise from the lowest-left point (monotone chain)."""
    unique = sorted({(float(x), float(y)) for x, y in points})
    if len(unique) <= 2:
        return tuple(unique)

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def half(chain: list[Point]) -> list[Point]:
        kept: list[Point] = []
        for point in chain:
            while len(kept) >= 2 and cross(kept[-2], kept[-1], point) <= 0:
                kept.pop()
            kept.append(point)
        return kept

    lower, upper = half(unique), half(unique[::-1])
    return tuple(lower[:-1] + upper[:-1])


def _extent(coords: np.ndarray) -> tuple[float, float, float, float]:
    if len(coords) == 0:
        return (0.0, 0.0, 0.0, 0.0)
    low, high = coords.min(axis=0), coords.max(axis=0)
    return (_r(low[0]), _r(low[1]), _r(high[0]), _r(high[1]))


def _label(index: int) -> str:
    return chr(ord("A") + index)


def _r(value: float) -> float:
    return round(float(value), DECIMALS)


def _round_point(point: np.ndarray) -> Point:
    return (_r(point[0]), _r(point[1]))
