"""Background jobs on a real Redis (RQ): the request only queues, a worker sends, a failure
schedules its retry. Skipped, with the reason, where no Redis is reachable (CI has one)."""

from __future__ import annotations

import os
import secrets

import pytest

from engage import jobs
from engage.extensions import db
from engage.notifications.models import Delivery
from tests.notifications.conftest import reply

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_or_skip():
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); set TEST_REDIS_URL to run the job tests")
    return connection


@pytest.fixture
def on_redis(app, monkeypatch):
    """The app queues on Redis, in a queue of its own so parallel runs don't mix."""
    connection = _redis_or_skip()
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "RQ_QUEUE", f"engage-test-{secrets.token_hex(4)}")
    queue = jobs.queue()
    yield queue
    from rq.registry import ScheduledJobRegistry

    for job_id in ScheduledJobRegistry(queue=queue).get_job_ids():
        ScheduledJobRegistry(queue=queue).remove(job_id, delete_job=True)
    queue.delete(delete_jobs=True)
    connection.close()


def _notification_jobs(queue) -> list:
    """The jobs this feature queued (a comment also queues the public record's entry)."""
    return [job for job in queue.get_jobs() if job.func_name.startswith("engage.notifications")]


def _work(queue) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def _statuses() -> list[str]:
    db.session.expire_all()
    return [d.status for d in db.session.scalars(db.select(Delivery).order_by(Delivery.id))]


def test_the_request_queues_and_a_worker_sends(app, factories, smtp, on_redis):
    amina = factories.user(name="Amina K.")
    comment = factories.comment(author=amina)

    assert reply(app, factories.user(), comment, "Queued, not sent.").status_code == 303

    assert _statuses() == ["queued"]
    assert len(_notification_jobs(on_redis)) == 1 and smtp.messages == []
    _work(on_redis)
    assert _statuses() == ["sent"]
    [message] = smtp.messages
    assert message["To"] == amina.email


def test_a_failed_send_on_a_worker_schedules_its_retry(app, factories, smtp, on_redis):
    from rq.registry import ScheduledJobRegistry

    comment = factories.comment(author=factories.user())
    smtp.stop()
    assert reply(app, factories.user(), comment, "Nobody listening.").status_code == 303
    _work(on_redis)

    assert _statuses() == ["retrying"]
    scheduled = ScheduledJobRegistry(queue=on_redis)
    [job_id] = scheduled.get_job_ids()
    job = on_redis.fetch_job(job_id)
    assert job.func_name == "engage.notifications.tasks.send_delivery"


def test_digests_and_due_events_run_on_the_workers(app, factories, smtp, on_redis):
    runner = app.test_cli_runner()
    assert "queued" in runner.invoke(args=["send-digests"]).output.lower()
    assert "queued" in runner.invoke(args=["notify-due"]).output.lower()
    assert on_redis.count == 2
    _work(on_redis)
    assert on_redis.count == 0
    assert len(on_redis.failed_job_registry) == 0


def test_redis_down_means_inline_not_lost(app, factories, smtp, monkeypatch, caplog):
    """Every job runs inline; the outage is logged once, and Redis is not asked again on
    each request (each try would cost the request a connect timeout)."""
    import logging

    caplog.set_level(logging.WARNING, logger="engage.jobs")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    tries = []
    real_queue = jobs.queue
    monkeypatch.setattr(jobs, "queue", lambda: tries.append(1) or real_queue())
    comment = factories.comment(author=factories.user())
    for text in ("Redis is down.", "Still down."):
        assert reply(app, factories.user(), comment, text).status_code == 303
    assert _statuses() == ["sent", "sent"]
    assert len(smtp.messages) == 2
    assert len(tries) == 1
    [record] = [r for r in caplog.records if r.name == "engage.jobs"]
    assert "running jobs inline until it is back" in record.getMessage()


class HeldCollector:
    """An SMTP server that holds every message until ``release`` is set (at most 30 s), and
    counts the messages it has begun to receive."""

    def __init__(self):
        import threading

        from tests.test_mail import Collector

        self.inner, self.release, self.begun = Collector(), threading.Event(), 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import asyncio

        self.begun += 1
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return await self.inner.handle_DATA(server, session, envelope)


def test_a_slow_mail_server_does_not_slow_the_request(app, factories, on_redis, monkeypatch):
    """The reply is answered before the mail server is even reached: a server that holds
    every message cannot hold up the person (checked by order of events, not by a clock)."""
    from aiosmtpd.controller import Controller

    from tests.test_mail import free_port

    handler, port = HeldCollector(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    try:
        from tests.factories import csrf_token_from, login

        comment = factories.comment(author=factories.user())
        client = app.test_client()
        login(client, factories.user())
        token = csrf_token_from(client.get(f"/comments/{comment.id}/reply").get_data(as_text=True))
        response = client.post(
            "/comments",
            data={
                "csrf_token": token,
                "target_type": "consultation",
                "target_id": comment.target_id,
                "parent_id": comment.id,
                "body": "Quick for me.",
            },
        )
        assert response.status_code == 303
        assert handler.begun == 0, "the request talked to the mail server itself"
        assert _statuses() == ["queued"] and len(_notification_jobs(on_redis)) == 1
        handler.release.set()
        _work(on_redis)
        assert handler.begun == 1  # the worker sent it
    finally:
        handler.release.set()
        controller.stop()
    assert _statuses() == ["sent"]
    assert len(handler.inner.envelopes) == 1


def test_the_worker_waits_for_redis_instead_of_ending(app, monkeypatch, caplog):
    """Redis restarting under a running worker: before, the worker ended with the
    connection error and the jobs queued later were never run (benchmarks/faults.py)."""
    import logging

    from redis.exceptions import ConnectionError as RedisConnectionError

    from engage.notifications import commands

    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:9/0")
    attempts, sleeps = [], []

    class Worker:
        def __init__(self, queues, connection):
            pass

        def work(self, burst=False, with_scheduler=False):
            attempts.append(burst)
            if len(attempts) < 3:
                raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(commands, "Worker", Worker)
    monkeypatch.setattr(commands.time, "sleep", sleeps.append)
    caplog.set_level(logging.WARNING, logger="engage.notifications.commands")

    result = app.test_cli_runner().invoke(args=["worker"])

    assert result.exit_code == 0, result.output
    assert len(attempts) == 3 and sleeps == [1.0, 2.0]
    messages = [r.getMessage() for r in caplog.records]
    assert len([m for m in messages if "waits for it" in m]) == 1
