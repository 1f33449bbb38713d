"""What the opinion-map analysis finds, as frozen dataclasses that go to JSON and back.

Built by engage.opinion_map.analysis; stored by recompute; read by the results page.
Every list is in a fixed order, so the same votes give the same result, byte for byte.
See docs/opinion-map.md for what each number means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np

Point = tuple[float, float]


@dataclass(frozen=True)
class VoteArrays:
    """Votes as arrays, for large matrices (recompute reads them so): ``voter[i]`` indexes
    ``participants`` (each voter's key once), with ``statement[i]`` and ``value[i]``."""

    participants: Sequence[str]
    voter: np.ndarray
    statement: np.ndarray
    value: np.ndarray


@dataclass(frozen=True)
class VoteCounts:
    """Votes on one statement by some set of people (everyone, one group, the others)."""

    agree: int
    disagree: int
    passed: int

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passed

    def percent(self, part: int) -> int:
        """``part`` as a whole percentage of the votes seen (0 when nobody voted)."""
        return round(100 * part / self.seen) if self.seen else 0

    @property
    def agree_percent(self) -> int:
        return self.percent(self.agree)

    @property
    def disagree_percent(self) -> int:
        return self.percent(self.disagree)

    @property
    def pass_percent(self) -> int:
        return self.percent(self.passed)


@dataclass(frozen=True)
class StatementSummary:
    """One statement: everyone's votes, each group's (in group order), and how far it
    separates people on the map (``extremity``, 0 to 1)."""

    statement_id: int
    votes: VoteCounts
    by_group: tuple[VoteCounts, ...]
    extremity: float


@dataclass(frozen=True)
class Representative:
    """A statement that sets a group apart: the group agrees (or disagrees) with it far
    more than everyone else does. ``z`` is the two-proportion test, ``ratio`` the group's
    share against the others'."""

    statement_id: int
    direction: Literal["agree", "disagree"]
    group: VoteCounts
    others: VoteCounts
    z: float
    ratio: float


@dataclass(frozen=True)
class Group:
    """An opinion group. Labels are "A", "B"... from the largest group down."""

    label: str
    size: int
    centroid: Point
    region: tuple[Point, ...]  # convex hull of its members' positions, counter-clockwise
    representative: tuple[Representative, ...]


@dataclass(frozen=True)
class ConsensusStatement:
    """Agreed by a majority of every group; ``score`` is the group-informed consensus."""

    statement_id: int
    score: float
    by_group: tuple[VoteCounts, ...]


@dataclass(frozen=True)
class DivisiveStatement:
    """A majority of one group agrees and a majority of another disagrees; ``spread`` is
    the difference between the highest and lowest group agreement (0 to 1)."""

    statement_id: int
    spread: float
    by_group: tuple[VoteCounts, ...]


@dataclass(frozen=True)
class UncertainStatement:
    """More than 30% of the people who saw it passed."""

    statement_id: int
    pass_share: float
    votes: VoteCounts


@dataclass(frozen=True)
class Position:
    """A counted participant's place on the map and their group's label."""

    participant: str
    x: float
    y: float
    group: str


@dataclass(frozen=True)
class AnalysisResult:
    statement_count: int
    vote_count: int
    participant_count: int  # everyone who voted
    min_votes: int  # fewer votes than this and a participant is left out
    left_out: int  # participants with fewer than min_votes votes
    k: int  # number of groups (0 with nobody counted)
    silhouette: float | None  # of the chosen k; None with fewer than two groups
    explained_variance: tuple[float, ...]  # share of the variance on each map axis
    extent: tuple[float, float, float, float]  # min x, min y, max x, max y of the positions
    groups: tuple[Group, ...]
    consensus: tuple[ConsensusStatement, ...]
    divisive: tuple[DivisiveStatement, ...]
    uncertain: tuple[UncertainStatement, ...]
    statements: tuple[StatementSummary, ...]  # in statement id order
    positions: tuple[Position, ...]  # in participant order

    @property
    def counted(self) -> int:
        return self.participant_count - self.left_out

    @property
    def group_labels(self) -> tuple[str, ...]:
        return tuple(group.label for group in self.groups)

    @cached_property
    def _positions_by_participant(self) -> dict[str, Position]:
        return {position.participant: position for position in self.positions}

    def position_of(self, participant: str) -> Position | None:
        return self._positions_by_participant.get(participant)

    def group_of(self, participant: str) -> str | None:
        position = self.position_of(participant)
        return position.group if position else None

    def statement(self, statement_id: int) -> StatementSummary | None:
        for summary in self.statements:
            if summary.statement_id == statement_id:
                return summary
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalysisResult:
        return _result_from_dict(data)


def _counts(data: dict[str, Any]) -> VoteCounts:
    return VoteCounts(agree=data["agree"], disagree=data["disagree"], passed=data["passed"])


def _point(data: Any) -> Point:
    return (float(data[0]), float(data[1]))


def _result_from_dict(data: dict[str, Any]) -> AnalysisResult:
    def by_group(item: dict[str, Any]) -> tuple[VoteCounts, ...]:
        return tuple(_counts(counts) for counts in item["by_group"])

    groups = tuple(
        Group(
            label=group["label"],
            size=group["size"],
            centroid=_point(group["centroid"]),
            region=tuple(_point(point) for point in group["region"]),
            representative=tuple(
                Representative(
                    statement_id=rep["statement_id"],
                    direction=rep["direction"],
                    group=_counts(rep["group"]),
                    others=_counts(rep["others"]),
                    z=rep["z"],
                    ratio=rep["ratio"],
                )
                for rep in group["representative"]
            ),
        )
        for group in data["groups"]
    )
    return AnalysisResult(
        statement_count=data["statement_count"],
        vote_count=data["vote_count"],
        participant_count=data["participant_count"],
        min_votes=data["min_votes"],
        left_out=data["left_out"],
        k=data["k"],
        silhouette=data["silhouette"],
        explained_variance=tuple(data["explained_variance"]),
        extent=tuple(data["extent"]),
        groups=groups,
        consensus=tuple(
            ConsensusStatement(item["statement_id"], item["score"], by_group(item))
            for item in data["consensus"]
        ),
        divisive=tuple(
            DivisiveStatement(item["statement_id"], item["spread"], by_group(item))
            for item in data["divisive"]
        ),
        uncertain=tuple(
            UncertainStatement(item["statement_id"], item["pass_share"], _counts(item["votes"]))
            for item in data["uncertain"]
        ),
        statements=tuple(
            StatementSummary(
                item["statement_id"], _counts(item["votes"]), by_group(item), item["extremity"]
            )
            for item in data["statements"]
        ),
        positions=tuple(
            Position(item["participant"], item["x"], item["y"], item["group"])
            for item in data["positions"]
        ),
    )
