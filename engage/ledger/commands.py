"""``flask ledger …``: sign a head (cron, every LEDGER_HEAD_INTERVAL_MINUTES), catch up
events a crash left out, verify the log or a receipt, make a signing key."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from engage.extensions import db
from engage.ledger import events, service, signing, verify
from engage.ledger.verify_receipt import ProofError

ledger_command = AppGroup("ledger", help="The public record: heads, catch-up, verification.")


@ledger_command.command("sign-head")
def sign_head_command() -> None:
    """Log the supports of open consultations that changed (a support checkpoint), then
    sign the log as it stands (a new head only when it grew). Run it from cron."""
    checkpoints = events.checkpoint_supports()
    try:
        head = service.sign_head()
    except signing.SigningKeyError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Signed head: {head.tree_size} entries, root {head.root_hash.hex()}.")
    if checkpoints:
        click.echo(f"Support checkpoints logged first: {checkpoints}.")


@ledger_command.command("catch-up")
def catch_up_command() -> None:
    """Log every public event not logged yet (after a crash). Safe to run twice."""
    added = events.catch_up()
    entries = "entry" if added == 1 else "entries"
    click.echo(f"{added} {entries} added; the log has {service.tree_size()}.")


@ledger_command.command("verify")
@click.option(
    "--receipt", "receipt_file", type=click.File(encoding="utf-8"), help="A receipt to check."
)
def verify_command(receipt_file) -> None:
    """Check a receipt against the latest head, or the whole log against the database."""
    if receipt_file is not None:
        _verify_receipt(receipt_file)
        return
    result = verify.check_log(events.RowCheck())
    for note in result.explained:
        click.echo(f"Explained: {note}")
    for problem in result.problems:
        click.echo(f"Not valid: {problem}")
    if not result.ok:
        raise click.exceptions.Exit(1)
    click.echo(f"The log holds: {result.leaves} entries and {result.heads} signed heads check out.")


def _verify_receipt(receipt_file) -> None:
    try:
        receipt = json.load(receipt_file)
    except ValueError as error:
        click.echo(f"Not valid, because the receipt is not JSON: {error}.")
        raise click.exceptions.Exit(1) from None
    try:
        checked = verify.check_receipt(receipt)
    except ProofError as error:
        click.echo(f"Not valid, because {error}.")
        raise click.exceptions.Exit(1) from None
    click.echo(
        f"Valid: entry {checked['index']} is included in the latest signed head "
        f"({checked['latest_size']} entries)."
    )


@ledger_command.command("new-key")
def new_key_command() -> None:
    """Print a new Ed25519 private key (PEM) for LEDGER_SIGNING_KEY. Keep it secret."""
    click.echo(signing.new_key_pem(), nl=False)
