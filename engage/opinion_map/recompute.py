"""Keep each consultation's opinion map up to date, off the request path.

A vote or a new statement asks for a recompute (``request_recompute``, a receiver of the
opinion map's signals); that queues ``recompute_if_due`` through engage.jobs: on RQ with
Redis, inline after the commit without it. The job recomputes at most once every
OPINION_MAP_RECOMPUTE_SECONDS per consultation; asked sooner, it does nothing but (on
Redis) schedule one run for when the interval is over, so the last votes are not left
out. The results page reads ``latest(consultation)``, kept parsed per process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engage import jobs
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.opinion_map.models import OpinionStatement, OpinionVote
from engage.opinion_map.participants import participant_key
from engage.opinion_map.result import AnalysisResult, VoteArrays
from engage.opinion_map.stored import OpinionMapResult

log = logging.getLogger(__name__)
JOB = "engage.opinion_map.recompute.recompute_if_due"
_CACHE = "engage.opinion_map.results"


@dataclass(frozen=True)
class LatestResult:
    result: AnalysisResult
    computed_at: datetime
    vote_count: int

    @cached_property
    def extremity(self) -> dict[int, float]:
        return {s.statement_id: s.extremity for s in self.result.statements}


def visible_statement_ids(consultation_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(OpinionStatement.id)
            .where(
                OpinionStatement.consultation_id == consultation_id,
                OpinionStatement.visibility == "visible",
            )
            .order_by(OpinionStatement.id)
        )
    )


def load_votes(consultation_id: int) -> tuple[VoteArrays, list[int]]:
    """Every vote on the consultation's visible statements, voters as their keys.

    One read of the covering index (consultation, user, statement, value); votes on
    statements that are not visible are dropped by the analysis, which is given only the
    visible statements' ids."""
    import numpy as np  # the job's and the export's: not loaded by every web worker

    statement_ids = visible_statement_ids(consultation_id)
    query = select(OpinionVote.user_id, OpinionVote.statement_id, OpinionVote.value).where(
        OpinionVote.consultation_id == int(consultation_id)
    )
    # Straight from the driver's cursor: building 500,000 result rows costs five times
    # what reading them does. The only value bound is an integer.
    sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    matrix = np.array(rows, dtype=np.int64).reshape(-1, 3)
    users, voter = np.unique(matrix[:, 0], return_inverse=True)
    keys = [participant_key(consultation_id, int(user_id)) for user_id in users]
    return VoteArrays(keys, voter, matrix[:, 1], matrix[:, 2]), statement_ids


def recompute(consultation_id: int) -> AnalysisResult:
    """Analyse the votes now and store the result (flushed, not committed)."""
    votes, statement_ids = load_votes(consultation_id)
    # scikit-learn and SciPy (about 110 MiB) are loaded by the job that analyses, never by
    # a web worker, which only reads the stored result (issue 23: worker memory).
    from engage.opinion_map.analysis import analyse

    result = analyse(votes, statement_ids)
    store(consultation_id, result)
    return result


def store(consultation_id: int, result: AnalysisResult) -> OpinionMapResult:
    row = db.session.scalar(
        select(OpinionMapResult).where(OpinionMapResult.consultation_id == consultation_id)
    )
    if row is None:
        row = OpinionMapResult(consultation_id=consultation_id)
        db.session.add(row)
    row.computed_at = utcnow()
    row.vote_count = result.vote_count
    row.participant_count = result.participant_count
    row.group_count = result.k
    row.payload = result.to_dict()
    db.session.flush()
    return row


def recompute_if_due(consultation_id: int) -> bool:
    """The background job: recompute and commit unless the last run was too recent."""
    interval = current_app.config["OPINION_MAP_RECOMPUTE_SECONDS"]
    computed_at = db.session.scalar(
        select(OpinionMapResult.computed_at).where(
            OpinionMapResult.consultation_id == consultation_id
        )
    )
    if computed_at is not None:
        wait = computed_at + timedelta(seconds=interval) - utcnow()
        if wait > timedelta(0):
            _run_later(consultation_id, wait)
            return False
    try:
        recompute(consultation_id)
        db.session.commit()
    except IntegrityError:
        # Another worker stored the first result at the same moment: theirs stands.
        db.session.rollback()
        return False
    return True


def _run_later(consultation_id: int, wait: timedelta) -> None:
    """On Redis, one trailing run per interval (a key that expires with it says one is
    already scheduled). Without Redis the next vote after the interval recomputes."""
    if not current_app.config.get("REDIS_URL"):
        return
    seconds = max(1, int(wait.total_seconds()) + 1)
    try:
        connection = jobs.queue().connection
        if not connection.set(
            f"engage:opinion-map:later:{consultation_id}", 1, nx=True, ex=seconds
        ):
            return
    except Exception:
        log.exception("could not reach Redis to schedule an opinion map recompute")
        return
    jobs.enqueue_in(timedelta(seconds=seconds), JOB, consultation_id)


def request_recompute(consultation_id: int) -> None:
    """Queue a recompute once this transaction commits (once per transaction)."""
    jobs.enqueue_once(JOB, consultation_id)


def on_opinion_input(statement: OpinionStatement, **_: object) -> None:
    """Receiver for a vote cast or a statement added: the map will need recomputing."""
    request_recompute(statement.consultation_id)


def latest(consultation: Consultation | int) -> LatestResult | None:
    """The stored result, parsed once per process for each time it was computed."""
    consultation_id = getattr(consultation, "id", consultation)
    head = db.session.execute(
        select(
            OpinionMapResult.id, OpinionMapResult.computed_at, OpinionMapResult.vote_count
        ).where(OpinionMapResult.consultation_id == consultation_id)
    ).first()
    if head is None:
        return None
    cache = current_app.extensions.setdefault(_CACHE, {})
    cached = cache.get(consultation_id)
    if cached is None or cached.computed_at != head.computed_at:
        payload = db.session.scalar(
            select(OpinionMapResult.payload).where(OpinionMapResult.id == head.id)
        )
        cached = LatestResult(AnalysisResult.from_dict(payload), head.computed_at, head.vote_count)
        cache[consultation_id] = cached
    return cached


def extremities(consultation: Consultation | int) -> dict[int, float]:
    """Statement id -> extremity on the latest map ({} before there is one), for routing:
    one small query, the parsed result is kept per process."""
    found = latest(consultation)
    return found.extremity if found else {}


def latest_result(consultation: Consultation | int) -> AnalysisResult | None:
    found = latest(consultation)
    return found.result if found else None
