"""``flask worker``, ``flask send-digests`` and ``flask notify-due`` (see the README for cron)."""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Worker

from engage import jobs
from engage.notifications import tasks

log = logging.getLogger(__name__)


def _on_redis() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run background jobs (emails, digests) from the Redis queue at REDIS_URL."""
    if not _on_redis():
        raise click.ClickException("Set REDIS_URL: without Redis, jobs run inline.")

    queue = jobs.queue()
    # Redis going away (a restart, a failover) must not end the worker: it waits and
    # starts again, so the jobs queued meanwhile are run once Redis is back. Logged once
    # per outage; the wait doubles up to 30 s, so it never spins.
    delay, failed_at = 1.0, None
    while True:
        try:
            # The scheduler runs retries queued for later (enqueue_in).
            Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)
            return
        except RedisConnectionError as error:
            if burst:
                raise click.ClickException(f"Redis is unreachable: {error}") from error
            now = time.monotonic()
            if failed_at is None or now - failed_at > 120:
                log.warning("Redis is unreachable (%s); the worker waits for it", error)
                delay = 1.0
            failed_at = now
            time.sleep(delay)
            delay = min(30.0, delay * 2)


@click.command("send-digests")
@click.option("--inline", is_flag=True, help="Run here even when REDIS_URL is set.")
def send_digests_command(inline: bool) -> None:
    """Send the daily digest to everyone with notices waiting. Safe to run twice."""
    if _on_redis() and not inline:
        jobs.queue().enqueue("engage.notifications.tasks.send_digests")
        click.echo("Digests queued for the workers.")
        return
    click.echo(f"{tasks.send_digests()} digest(s) sent.")


@click.command("notify-due")
@click.option("--inline", is_flag=True, help="Run here even when REDIS_URL is set.")
def notify_due_command(inline: bool) -> None:
    """Announce consultations that opened, closed or published an outcome; resend due emails."""
    if _on_redis() and not inline:
        jobs.queue().enqueue("engage.notifications.tasks.notify_due")
        click.echo("Queued for the workers.")
        return
    counts = tasks.notify_due()
    click.echo(", ".join(f"{name}: {n}" for name, n in counts.items()))
