"""Recomputing an opinion map from the database: stored, throttled, queued after the
commit, and reproducible from the open data (issue 16)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from engage import jobs
from engage.extensions import db
from engage.opinion_map import recompute
from engage.opinion_map.analysis import analyse
from engage.opinion_map.participants import participant_key
from engage.opinion_map.stored import OpinionMapResult
from tests.opinion_map.world import make_map


@pytest.fixture
def world(factories):
    return make_map(factories)


def _stored(consultation_id):
    return db.session.scalar(
        db.select(OpinionMapResult).where(OpinionMapResult.consultation_id == consultation_id)
    )


def _names(world):
    return {participant_key(world.consultation.id, u.id): n for n, u in world.users.items()}


def test_recompute_stores_the_groups_of_the_votes(world):
    assert recompute.latest_result(world.consultation) is None
    result = recompute.recompute(world.consultation.id)
    db.session.commit()
    assert result.k == 3
    camp_of = world.camp_of_key()
    assert {p.participant for p in result.positions} == set(camp_of)
    for group in result.groups:  # every group is one camp
        camps = Counter(camp_of[p.participant] for p in result.positions if p.group == group.label)
        assert camps.most_common(1)[0][1] >= 0.9 * group.size
    # Exactly what the analysis gives for the planted votes under the voters' keys.
    keys = {name: key for key, name in _names(world).items()}
    votes = [(keys[name], world.statements[s].id, v) for name, s, v in world.planted.votes]
    assert result == analyse(votes, [row.id for row in world.statements.values()])
    row = _stored(world.consultation.id)
    assert (row.vote_count, row.participant_count, row.group_count) == (
        len(world.planted.votes),
        50,
        3,
    )
    latest = recompute.latest(world.consultation)
    assert latest.result == result and latest.vote_count == row.vote_count
    assert recompute.latest_result(world.consultation.id) == result
    extremity = recompute.extremities(world.consultation)
    assert extremity == {s.statement_id: s.extremity for s in result.statements}
    assert max(extremity.values()) == 1.0


def test_hidden_statements_and_their_votes_are_left_out(world):
    hidden = world.statements[world.planted.statement_ids[-1]]
    hidden.visibility = "hidden"
    pending = world.statements[world.planted.statement_ids[-2]]
    pending.visibility = "pending"
    db.session.commit()
    result = recompute.recompute(world.consultation.id)
    ids = {s.statement_id for s in result.statements}
    assert hidden.id not in ids and pending.id not in ids
    assert result.statement_count == len(world.planted.statement_ids) - 2
    left = sum(1 for _, s, _ in world.planted.votes if s in world.planted.statement_ids[-2:])
    assert result.vote_count == len(world.planted.votes) - left


def test_at_most_once_per_interval(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "OPINION_MAP_RECOMPUTE_SECONDS", 60)
    assert recompute.recompute_if_due(world.consultation.id) is True
    first = _stored(world.consultation.id).computed_at
    assert recompute.recompute_if_due(world.consultation.id) is False  # too soon
    assert _stored(world.consultation.id).computed_at == first
    _stored(world.consultation.id).computed_at = first - timedelta(seconds=61)
    db.session.commit()
    assert recompute.recompute_if_due(world.consultation.id) is True
    assert _stored(world.consultation.id).computed_at > first - timedelta(seconds=61)


def test_a_request_queues_one_recompute_that_runs_after_the_commit(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "OPINION_MAP_RECOMPUTE_SECONDS", 60)
    ran = []
    real = recompute.recompute_if_due
    monkeypatch.setattr(recompute, "recompute_if_due", lambda cid: ran.append(cid) or real(cid))
    statement = world.statements[world.planted.statement_ids[0]]
    for _ in range(3):  # three votes in one transaction: one job
        recompute.on_opinion_input(statement, user=None, value=1, previous=None)
    assert ran == [] and _stored(world.consultation.id) is None  # nothing before the commit
    db.session.commit()
    assert ran == [world.consultation.id]  # inline without Redis, once
    assert _stored(world.consultation.id).group_count == 3
    recompute.request_recompute(world.consultation.id)
    db.session.rollback()  # a failed request queues nothing
    assert ran == [world.consultation.id]


def test_enqueue_once_forgets_after_the_commit(app):
    jobs.enqueue_once("engage.opinion_map.recompute.recompute_if_due", 999_999)
    jobs.enqueue_once("engage.opinion_map.recompute.recompute_if_due", 999_999)
    pending = db.session.info.get("engage.after_commit", [])
    assert len(pending) == 1
    jobs.discard_pending()


def test_latest_follows_a_new_computation(world):
    recompute.recompute(world.consultation.id)
    db.session.commit()
    before = recompute.latest(world.consultation)
    world.statements[world.planted.statement_ids[0]].visibility = "hidden"
    db.session.commit()
    recompute.recompute(world.consultation.id)
    db.session.commit()
    after = recompute.latest(world.consultation)
    assert after.computed_at >= before.computed_at
    assert after.result.statement_count == before.result.statement_count - 1


def test_cli_recomputes_and_prints_the_groups(app, world):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["opinion-map", "recompute", world.consultation.slug])
    assert out.exit_code == 0, out.output
    assert "3 group(s)" in out.output and "Group A:" in out.output
    stored = recompute.latest_result(world.consultation)
    line = next(line for line in out.output.splitlines() if line.startswith("Consensus"))
    assert line == "Consensus statements: " + ", ".join(
        str(item.statement_id) for item in stored.consensus
    )
    planted = {world.statements[s].id for s in world.planted.consensus}
    assert {item.statement_id for item in stored.consensus} <= planted
    missing = runner.invoke(args=["opinion-map", "recompute", "no-such-consultation"])
    assert missing.exit_code != 0 and "No consultation" in missing.output


@pytest.mark.parametrize("keep", ["json", "csv"])
def test_the_export_reproduces_the_groups(app, world, tmp_path, keep):
    recompute.recompute(world.consultation.id)
    db.session.commit()
    stored = recompute.latest_result(world.consultation)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["export", str(tmp_path)]).exit_code == 0
    for other in ("json", "csv"):  # recompute from one format only
        if other != keep:
            for path in tmp_path.glob(f"*.{other}"):
                path.unlink()
    out = runner.invoke(
        args=[
            "opinion-map",
            "recompute",
            world.consultation.slug,
            "--from-export",
            str(tmp_path),
            "--json",
        ]
    )
    assert out.exit_code == 0, out.output
    from_export = json.loads(out.output)
    assert from_export == json.loads(json.dumps(stored.to_dict()))  # identical, not just close
    # and the same as analysing the published rows directly
    rows = (
        json.loads((tmp_path / "opinion_votes.json").read_text())["rows"]
        if keep == "json"
        else None
    )
    if rows is not None:
        votes = [(r["participant_id"], r["statement_id"], r["value"]) for r in rows]
        ids = [s.statement_id for s in stored.statements]
        assert analyse(votes, ids) == stored
