"""Opinion map reads: the map, the statement to vote on next, a person's votes.

Each is one query whatever the number of votes: counts are stored on the map and on each
statement (engage.opinion_map.service keeps them).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from threading import Lock
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import lazyload

from engage.extensions import db
from engage.moderation.models import Visibility
from engage.opinion_map import routing
from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote

MY_VOTES_PAGE = 50


def map_of(consultation_id: int) -> OpinionMap | None:
    return db.session.scalar(
        select(OpinionMap).where(OpinionMap.consultation_id == consultation_id)
    )


# Consultations known to have no opinion map, and since when (time.monotonic()), in this
# process. The consultation's overview asks on every view; most consultations have no map,
# and the answer must not add a query to that page's budget. Turning a map on in this
# process forgets the entry at once (service.set_up); other processes show it within
# ABSENT_SECONDS.
ABSENT_SECONDS = 60
_absent: dict[int, float] = {}
_absent_lock = Lock()


def shown_map_of(consultation_id: int) -> OpinionMap | None:
    """The consultation's map if it is turned on; None (often without a query) if not."""
    with _absent_lock:
        since = _absent.get(consultation_id)
    if since is not None and time.monotonic() - since < ABSENT_SECONDS:
        return None
    opinion_map = map_of(consultation_id)
    if opinion_map is not None and opinion_map.enabled:
        return opinion_map
    with _absent_lock:
        if len(_absent) > 10_000:
            _absent.clear()
        _absent[consultation_id] = time.monotonic()
    return None


def forget_absence(consultation_id: int) -> None:
    with _absent_lock:
        _absent.pop(consultation_id, None)


def forget_all() -> None:
    """Drop everything this process keeps (a database emptied under it, as between tests)."""
    with _absent_lock:
        _absent.clear()
    with _counted_lock:
        _counted.clear()


def statement_in(opinion_map: OpinionMap, statement_id: int | None) -> OpinionStatement | None:
    """The statement, if it belongs to this map (whatever its visibility)."""
    if statement_id is None:
        return None
    statement = db.session.get(OpinionStatement, statement_id)
    if statement is None or statement.consultation_id != opinion_map.consultation_id:
        return None
    return statement


def _visible(consultation_id: int):
    return and_(
        OpinionStatement.consultation_id == consultation_id,
        OpinionStatement.visibility == Visibility.VISIBLE,
    )


class _Counted(NamedTuple):
    """What routing reads of a statement; a plain tuple reads its fields several times
    faster than a result row (a thousand of them per page view)."""

    id: int
    agree_count: int
    disagree_count: int
    pass_count: int


# Each map's routing inputs (visible statements' ids and counts), kept per process for
# OPINION_ROUTING_SECONDS under the latest analysis it is drawn with: counts a few seconds
# old make no difference to the draw, and reading a thousand rows on every view does.
# A statement added, held or hidden in this process forgets them at once (service,
# listeners); other processes within the interval, and the vote itself is refused then.
_counted: dict[int, tuple[tuple, float, list[_Counted]]] = {}
_counted_lock = Lock()


def forget_counts(consultation_id: int) -> None:
    with _counted_lock:
        _counted.pop(consultation_id, None)


def _routing_counts(opinion_map: OpinionMap, version: object) -> list[_Counted]:
    seconds = current_app.config.get("OPINION_ROUTING_SECONDS", 0)
    consultation_id = opinion_map.consultation_id
    key = (opinion_map.id, version)
    if seconds > 0:
        with _counted_lock:
            kept = _counted.get(consultation_id)
        if kept is not None and kept[0] == key and time.monotonic() - kept[1] < seconds:
            return kept[2]
    rows = (
        db.session.connection()  # plain rows: no ORM work for a thousand of them
        .execute(
            select(
                OpinionStatement.id,
                OpinionStatement.agree_count,
                OpinionStatement.disagree_count,
                OpinionStatement.pass_count,
            )
            .where(_visible(consultation_id))
            .order_by(OpinionStatement.id)
        )
        .all()
    )
    counts = [_Counted._make(row) for row in rows]
    if seconds > 0:
        with _counted_lock:
            if len(_counted) > 1_000:
                _counted.clear()
            _counted[consultation_id] = (key, time.monotonic(), counts)
    return counts


def next_statement(
    opinion_map: OpinionMap,
    user_id: int | None,
    extremity: dict[int, float] | None = None,
    version: object = None,
) -> tuple[OpinionStatement | None, int]:
    """The statement to show next: one this person hasn't voted on, drawn by the routing
    priority (engage.opinion_map.routing: few votes, and separating the groups of the last
    map, ``extremity`` being statement id -> 0..1 from recompute.extremities). The draw is
    seeded by the person and how far they got, so reloading the page shows the same
    statement. With it, how many of the visible statements the person has voted on
    (``voted_count``, without another query).

    Three small queries, whatever the number of votes: the draw reads only each visible
    statement's id and counts (not a thousand whole statements with their authors; kept
    for OPINION_ROUTING_SECONDS under ``version``, the analysis ``extremity`` is from),
    the person's votes (one indexed read), and the one drawn is then loaded."""
    counts = _routing_counts(opinion_map, version)
    voted = set()
    if user_id is not None:
        voted = set(
            db.session.connection()
            .execute(
                select(OpinionVote.statement_id).where(
                    OpinionVote.consultation_id == opinion_map.consultation_id,
                    OpinionVote.user_id == user_id,
                )
            )
            .scalars()
        )
    seed = f"{opinion_map.consultation_id}:{user_id}:{len(voted)}"
    drawn = routing.next_statement(
        counts, voted, rng=random.Random(seed), extremity=extremity or {}
    )
    voted_visible = sum(1 for row in counts if row.id in voted)
    if drawn is None:
        return None, voted_visible
    # The card shows no author: not loaded with it (nor the author's own relationships).
    statement = db.session.get(
        OpinionStatement, drawn.id, options=[lazyload(OpinionStatement.author)]
    )
    return statement, voted_visible


def my_vote(statement: OpinionStatement, user_id: int | None) -> int | None:
    if user_id is None:
        return None
    return db.session.scalar(
        select(OpinionVote.value).where(
            OpinionVote.statement_id == statement.id, OpinionVote.user_id == user_id
        )
    )


def voted_count(opinion_map: OpinionMap, user_id: int | None) -> int:
    """How many of the statements people can vote on now this person has voted on."""
    if user_id is None:
        return 0
    return db.session.scalar(
        select(func.count())
        .select_from(OpinionVote)
        .join(OpinionStatement, OpinionStatement.id == OpinionVote.statement_id)
        .where(
            OpinionVote.consultation_id == opinion_map.consultation_id,
            OpinionVote.user_id == user_id,
            OpinionStatement.visibility == Visibility.VISIBLE,
        )
    )


@dataclass(frozen=True)
class MyVote:
    statement: OpinionStatement
    value: int


@dataclass(frozen=True)
class MyVotes:
    rows: list[MyVote]
    next_after: int | None  # the statement id the next page starts after


def my_votes(opinion_map: OpinionMap, user_id: int, after: int | None = None) -> MyVotes:
    """A person's votes, by statement (keyset pages); hidden statements' votes are left out."""
    query = (
        select(OpinionStatement, OpinionVote.value)
        .join(OpinionVote, OpinionVote.statement_id == OpinionStatement.id)
        .where(_visible(opinion_map.consultation_id), OpinionVote.user_id == user_id)
        .order_by(OpinionStatement.id)
        .limit(MY_VOTES_PAGE + 1)
    )
    if after is not None:
        query = query.where(OpinionStatement.id > after)
    rows = [MyVote(statement, value) for statement, value in db.session.execute(query)]
    more = len(rows) > MY_VOTES_PAGE
    rows = rows[:MY_VOTES_PAGE]
    return MyVotes(rows, rows[-1].statement.id if more else None)


def statement_texts(consultation_id: int, ids) -> dict[int, str]:
    """Id -> text of the visible statements among ``ids`` (for the results page), in one
    query of the few shown."""
    ids = sorted(ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(OpinionStatement.id, OpinionStatement.text).where(
            _visible(consultation_id), OpinionStatement.id.in_(ids)
        )
    )
    return {statement_id: text for statement_id, text in rows}
