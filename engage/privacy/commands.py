"""``flask delete-accounts``: make final the deletions whose grace period is over."""

from __future__ import annotations

import click

from engage.extensions import db
from engage.privacy.deletion import delete_due


@click.command("delete-accounts")
def delete_accounts_command():
    """Delete the accounts whose owners asked for it more than the grace period ago."""
    count = delete_due()
    db.session.commit()
    click.echo(f"Deleted {count} accounts whose grace period was over.")
