"""``flask purge-expired``: delete what the privacy notice says we don't keep."""

from __future__ import annotations

import click

from engage.accounts.events import purge_old_events
from engage.accounts.lockout import purge_old_locks
from engage.accounts.sessions import purge_idle_sessions
from engage.extensions import db


@click.command("purge-expired")
def purge_expired_command():
    """Delete old security events, idle sign-in sessions and finished sign-in locks."""
    events = purge_old_events()
    sessions = purge_idle_sessions()
    locks = purge_old_locks()
    db.session.commit()
    click.echo(
        f"Deleted {events} security events, {sessions} idle sessions and {locks} sign-in locks."
    )
