"""The opinion-map analysis on planted camps: it finds them, their consensus, and gives the
same answer every time (issue 16, "Done when")."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from engage.opinion_map.analysis import AnalysisResult, analyse, two_proportion_z
from tests.opinion_map.planted import plant


@pytest.fixture(scope="module")
def planted():
    return plant()


@pytest.fixture(scope="module")
def result(planted):
    return analyse(planted.votes, planted.statement_ids)


def _camp_per_group(planted, result) -> dict[str, int]:
    """Each group's majority camp."""
    members: dict[str, Counter] = {}
    for position in result.positions:
        members.setdefault(position.group, Counter())[planted.camp_of[position.participant]] += 1
    return {group: counts.most_common(1)[0][0] for group, counts in members.items()}


def test_planted_camps_are_found(planted, result):
    assert result.k == 3
    assert result.left_out == 0  # 40% of 60 statements is far above 7 votes each
    assert result.counted == len(planted.camp_of) == 300
    camp_of_group = _camp_per_group(planted, result)
    assert sorted(camp_of_group.values()) == [0, 1, 2]  # one group per camp
    right = sum(
        camp_of_group[position.group] == planted.camp_of[position.participant]
        for position in result.positions
    )
    assert right / len(result.positions) >= 0.95
    # Labels go from the largest group down: the camps were 120, 100 and 80 people.
    assert [group.label for group in result.groups] == ["A", "B", "C"]
    sizes = [group.size for group in result.groups]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == 300
    assert [camp_of_group[label] for label in "ABC"] == [0, 1, 2]
    assert result.silhouette is not None and result.silhouette > 0.5


def test_planted_consensus_is_the_consensus_list(planted, result):
    assert {item.statement_id for item in result.consensus} == planted.consensus
    scores = [item.score for item in result.consensus]
    assert scores == sorted(scores, reverse=True)
    for item in result.consensus:
        assert len(item.by_group) == 3
        assert all(2 * counts.agree > counts.seen for counts in item.by_group)
        expected = 1.0
        for counts in item.by_group:
            expected *= (counts.agree + 1) / (counts.seen + 2)
        assert item.score == pytest.approx(expected, abs=1e-6)


def test_two_runs_and_any_vote_order_give_identical_output(planted, result):
    again = analyse(planted.votes, planted.statement_ids)
    assert again == result
    shuffled = list(planted.votes)
    random.Random(99).shuffle(shuffled)
    reordered = analyse(shuffled, list(reversed(planted.statement_ids)))
    assert json.dumps(reordered.to_dict()) == json.dumps(result.to_dict())


def test_result_survives_json(result):
    stored = json.loads(json.dumps(result.to_dict()))
    assert AnalysisResult.from_dict(stored) == result


def test_uncertain_statements_are_the_much_passed_ones(planted, result):
    assert {item.statement_id for item in result.uncertain} == planted.uncertain
    for item in result.uncertain:
        assert item.votes.passed > 0.3 * item.votes.seen
        assert item.pass_share == pytest.approx(item.votes.passed / item.votes.seen, abs=1e-6)


def test_representative_statements_set_a_group_apart(result):
    for g, group in enumerate(result.groups):
        assert 1 <= len(group.representative) <= 5
        zs = [rep.z for rep in group.representative]
        assert zs == sorted(zs, reverse=True)
        for rep in group.representative:
            summary = result.statement(rep.statement_id)
            assert rep.group == summary.by_group[g]
            mine = rep.group.agree if rep.direction == "agree" else rep.group.disagree
            theirs = rep.others.agree if rep.direction == "agree" else rep.others.disagree
            assert 2 * mine > rep.group.seen  # a majority of the group
            assert mine / rep.group.seen > theirs / rep.others.seen
            assert rep.z >= 1.6449
            expected = two_proportion_z(mine, rep.group.seen, theirs, rep.others.seen)
            assert rep.z == pytest.approx(expected, abs=1e-6)
            others_seen = sum(c.seen for h, c in enumerate(summary.by_group) if h != g)
            assert rep.others.seen == others_seen


def test_divisive_statements_split_groups(result):
    assert result.divisive
    for item in result.divisive:
        assert any(2 * c.agree > c.seen for c in item.by_group)
        assert any(2 * c.disagree > c.seen for c in item.by_group)
    consensus = {item.statement_id for item in result.consensus}
    assert not consensus & {item.statement_id for item in result.divisive}


def test_counts_add_up(planted, result):
    assert result.vote_count == len(planted.votes)
    assert result.statement_count == 60
    assert [s.statement_id for s in result.statements] == sorted(planted.statement_ids)
    for summary in result.statements:
        grouped = sum(counts.seen for counts in summary.by_group)
        assert grouped == summary.votes.seen  # nobody left out here
        assert 0 <= summary.extremity <= 1
    assert max(s.extremity for s in result.statements) == 1.0


def test_each_region_holds_its_group(result):
    for group in result.groups:
        members = [(p.x, p.y) for p in result.positions if p.group == group.label]
        assert len(members) == group.size
        for x, y in members:
            assert _inside_or_on(group.region, x, y)
        low_x, low_y, high_x, high_y = result.extent
        assert all(low_x <= x <= high_x and low_y <= y <= high_y for x, y in group.region)


def _inside_or_on(polygon, x, y) -> bool:
    # Counter-clockwise convex polygon: the point is left of (or on) every edge.
    for i, (ax, ay) in enumerate(polygon):
        bx, by = polygon[(i + 1) % len(polygon)]
        if (bx - ax) * (y - ay) - (by - ay) * (x - ax) < -1e-9:
            return False
    return True


def test_participants_with_few_votes_are_left_out():
    planted = plant(camp_sizes=(20, 20), statements=20, missing=0.2, seed=3)
    few = [("late-1", planted.statement_ids[0], 1), ("late-1", planted.statement_ids[1], -1)]
    result = analyse(planted.votes + few, planted.statement_ids)
    assert result.min_votes == 7
    assert result.participant_count == 41 and result.left_out == 1
    assert result.position_of("late-1") is None and result.group_of("late-1") is None
    # Their votes still count in everyone's totals, not in any group's.
    first = result.statement(planted.statement_ids[0])
    assert first.votes.seen == sum(c.seen for c in first.by_group) + 1


def test_with_few_statements_fewer_votes_are_enough():
    votes = [(f"p{i}", s, 1 if (i + s) % 2 else -1) for i in range(10) for s in (1, 2, 3)]
    result = analyse(votes, [1, 2, 3])
    assert result.min_votes == 3 and result.left_out == 0


def test_no_votes_and_one_voter():
    empty = analyse([], [1, 2])
    assert (empty.k, empty.groups, empty.positions, empty.consensus) == (0, (), (), ())
    one = analyse([("only", 1, 1), ("only", 2, 1)], [1, 2])
    assert one.k == 1 and one.silhouette is None
    assert one.group_of("only") == "A"
    assert [c.statement_id for c in one.consensus] == [1, 2]


def test_a_vote_is_minus_one_zero_or_one():
    with pytest.raises(ValueError):
        analyse([("p", 1, 2)], [1])
