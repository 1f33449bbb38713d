"""``flask delete-accounts`` (deletions past their grace period) and ``flask purge``
(everything past its retention period)."""

from __future__ import annotations

import click

from engage.extensions import db
from engage.privacy.deletion import delete_due
from engage.privacy.retention import purge


@click.command("delete-accounts")
def delete_accounts_command():
    """Delete the accounts whose owners asked for it more than the grace period ago."""
    count = delete_due()
    db.session.commit()
    click.echo(f"Deleted {count} accounts whose grace period was over.")


@click.command("purge")
def purge_command():
    """Remove what is past the retention periods in the configuration; report what went."""
    removed = purge()
    db.session.commit()
    for kind, count in removed.items():
        click.echo(f"{kind}: {count} removed")
    click.echo(f"Total: {sum(removed.values())} removed.")
