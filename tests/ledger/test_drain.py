"""The append job drains the queue: one job run appends the events of every append job
waiting behind it, in the queue's order, in one transaction; a job whose events were
already appended adds nothing. Catch-up appends in batches. The Redis tests are skipped,
with the reason, where no Redis is reachable (CI has one)."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from engage import jobs
from engage.comments import service as comments
from engage.comments.targets import Target
from engage.extensions import db
from engage.ledger import events
from engage.ledger.listeners import RECORD_MANY
from engage.ledger.models import LedgerLeaf
from tests.queries import count_queries

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def on_redis(app, monkeypatch):
    """The app queues on Redis, in a queue of its own so parallel runs don't mix."""
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); set TEST_REDIS_URL to run the job tests")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "RQ_QUEUE", f"engage-test-{secrets.token_hex(4)}")
    queue = jobs.queue()
    yield queue
    queue.delete(delete_jobs=True)
    connection.close()


@contextmanager
def count_commits():
    commits: list[int] = []
    listener = lambda conn: commits.append(1)  # noqa: E731
    event.listen(db.engine, "commit", listener)
    try:
        yield commits
    finally:
        event.remove(db.engine, "commit", listener)


def _leaf_inserts(statements: list[str]) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("INSERT INTO LEDGER_LEAVES"))


def _logged() -> list[tuple[str, str]]:
    db.session.expire_all()
    query = select(LedgerLeaf.kind, LedgerLeaf.public_id).order_by(LedgerLeaf.index)
    return [tuple(row) for row in db.session.execute(query)]


def _record_jobs(queue) -> list:
    return [job for job in queue.get_jobs() if job.func_name == RECORD_MANY]


def _three_requests(factories):
    """Three requests, each committing one comment: three append jobs wait in the queue."""
    consultation = factories.consultation()
    author = factories.user()
    db.session.commit()
    target = Target(kind="consultation", obj=consultation, consultation=consultation)
    posted = []
    for text in ("First.", "Second.", "Third."):
        posted.append(comments.post_comment(author, target, text))
        db.session.commit()
    return posted


def test_one_job_run_appends_every_waiting_job_s_events_in_order_in_one_transaction(
    factories, on_redis
):
    from rq import SimpleWorker

    posted = _three_requests(factories)
    waiting = _record_jobs(on_redis)
    assert len(waiting) == 3
    before = _logged()

    with count_queries() as statements, count_commits() as commits:
        SimpleWorker([on_redis], connection=on_redis.connection).work(burst=True, max_jobs=1)

    added = _logged()[len(before) :]
    assert added == [("comment", str(comment.id)) for comment in posted]
    assert _leaf_inserts(statements) == 1
    assert len(commits) == 1
    # The jobs it did the work of are off the queue.
    assert _record_jobs(on_redis) == []

    # One that a second worker took before the drain finds its events logged: a no-op.
    with count_queries() as statements:
        assert events.record_many(list(waiting[1].args[0])) == 0
    assert _leaf_inserts(statements) == 0
    assert _logged()[len(before) :] == added


def test_a_drain_logs_a_row_changed_by_a_later_request_once_in_its_state_at_the_drain(
    factories, on_redis
):
    from rq import SimpleWorker

    first, second, _third = _three_requests(factories)
    comments.edit_comment(first, "First, edited.")
    db.session.commit()
    before = len(_logged())

    SimpleWorker([on_redis], connection=on_redis.connection).work(burst=True, max_jobs=1)

    ids = [public_id for kind, public_id in _logged()[before:]]
    assert ids == [str(first.id), str(second.id), str(_third.id)]
    leaf = db.session.scalars(select(LedgerLeaf).where(LedgerLeaf.public_id == str(first.id)))
    assert '"edited_at":null' not in leaf.one().entry


def test_a_job_that_fails_fails_alone_and_the_others_still_log(factories, on_redis, caplog):
    from rq import SimpleWorker

    consultation = factories.consultation()
    author = factories.user()
    db.session.commit()
    target = Target(kind="consultation", obj=consultation, consultation=consultation)
    first = comments.post_comment(author, target, "First.")
    db.session.commit()
    on_redis.enqueue(RECORD_MANY, [("no such kind", 1)])
    third = comments.post_comment(author, target, "Third.")
    db.session.commit()
    before = len(_logged())
    worker = SimpleWorker([on_redis], connection=on_redis.connection)

    worker.work(burst=True, max_jobs=1)

    assert _logged()[before:] == [("comment", str(first.id))]
    assert "could not drain the queue" in caplog.text
    worker.work(burst=True)
    assert _logged()[before:] == [("comment", str(first.id)), ("comment", str(third.id))]
    [failed] = on_redis.failed_job_registry.get_job_ids()
    assert on_redis.fetch_job(failed).args == ([("no such kind", 1)],)


def test_without_redis_a_job_appends_only_its_own_events(factories):
    consultation = factories.consultation()
    author = factories.user()
    db.session.commit()
    target = Target(kind="consultation", obj=consultation, consultation=consultation)
    comment = comments.post_comment(author, target, "Alone.")
    assert jobs.waiting(RECORD_MANY) == []
    db.session.commit()
    assert _logged()[-1] == ("comment", str(comment.id))


def test_the_job_waits_for_the_append_lock_before_it_reads_what_the_log_lacks(factories):
    comment_id = factories.comment().id
    db.session.commit()
    with count_queries() as statements:
        events.record_many([("comment", comment_id)])
    if db.engine.dialect.name == "postgresql":
        assert "pg_advisory_xact_lock" in statements[0]
    else:
        assert not any("pg_advisory" in statement for statement in statements)
    assert _logged()[-1] == ("comment", str(comment_id))


def test_catch_up_appends_in_batches_in_order_and_is_idempotent(app, factories, monkeypatch):
    # Rows written without their services' signals, as if the jobs were lost.
    consultation = factories.consultation()
    proposals = [factories.proposal(consultation=consultation) for _ in range(5)]
    db.session.commit()
    before = _logged()
    monkeypatch.setattr(events, "CATCH_UP_BATCH", 2)

    with count_queries() as statements, count_commits() as commits:
        result = app.test_cli_runner().invoke(args=["ledger", "catch-up"])

    assert result.exit_code == 0, result.output
    added = _logged()[len(before) :]
    assert added == [("consultation", str(consultation.id))] + [
        ("proposal", str(proposal.id)) for proposal in proposals
    ]
    assert result.output.startswith("6 entries added")
    assert _leaf_inserts(statements) == 3
    assert len(commits) == 3

    with count_queries() as statements:
        assert events.catch_up() == 0
    assert _leaf_inserts(statements) == 0


def test_the_job_reads_in_the_same_few_queries_for_2_events_or_10(factories, monkeypatch):
    consultation = factories.consultation()
    edited = factories.comment(on=consultation)  # logged, by its job
    with monkeypatch.context() as lost:  # as if their jobs were lost
        lost.setattr(jobs, "enqueue_batch", lambda *args: None)
        ids = [factories.comment(on=consultation).id for _ in range(12)]
        comments.edit_comment(edited, "Edited once the log had it.")
        db.session.commit()
    edited_id = edited.id
    db.session.expire_all()

    with count_queries() as two:
        assert events.record_many([("comment", i) for i in ids[:2]]) == 2
    with count_queries() as ten:
        assert (
            events.record_many([("comment", i) for i in ids[2:]] + [("comment", edited_id)]) == 11
        )
    assert len(ten) == len(two) + 1  # + the edited comment's second version, looked up
    assert _logged()[-1] == ("comment", f"{edited_id}@2")


def test_two_workers_at_once_log_each_event_once(app, factories, monkeypatch):
    """Two jobs with the same events (one drained the other's) run at the same moment on
    two connections: the lock makes one wait, and it then finds them logged."""
    import threading

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer; the lock is PostgreSQL's")
    consultation = factories.consultation()
    with monkeypatch.context() as lost:  # their jobs are the ones below
        lost.setattr(jobs, "enqueue_batch", lambda *args: None)
        ids = [factories.comment(on=consultation).id for _ in range(6)]
    items = [("comment", i) for i in ids]
    before = len(_logged())
    start, added, errors = threading.Barrier(2), [], []

    def worker() -> None:
        with app.app_context():
            start.wait()
            try:
                added.append(events.record_many(items))
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(added) == [0, 6]
    assert _logged()[before:] == [("comment", str(i)) for i in ids]
