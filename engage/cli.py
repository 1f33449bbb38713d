"""Flask commands: ``flask create-user``, ``flask seed-demo``, ``flask backup``, ``flask restore``;
the features' own commands are added here too."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from engage import demo
from engage.accounts.commands import purge_expired_command
from engage.accounts.models import find_user_by_email
from engage.accounts.passwords import password_problem
from engage.accounts.service import AccountError, create_user
from engage.backup import BackupError, backup, restore
from engage.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET
from engage.extensions import db
from engage.ledger.commands import ledger_command
from engage.notifications.commands import notify_due_command, send_digests_command, worker_command
from engage.opendata.commands import export_command
from engage.opinion_map.commands import opinion_map_group
from engage.permissions import ROLES
from engage.privacy.commands import delete_accounts_command, purge_command
from engage.search.commands import reindex_search_command
from engage.two_factor.service import current_code


@click.command("create-user")
@click.argument("email")
@click.option("--name", "display_name", default=None, help="Public name (default: from email).")
@click.option(
    "--role", "roles", multiple=True, type=click.Choice(ROLES), help="Repeat for several roles."
)
@click.password_option(prompt="Password", confirmation_prompt=True)
def create_user_command(email: str, display_name: str | None, roles: tuple[str, ...], password):
    """Create a verified account with the given roles."""
    display_name = display_name or email.split("@", 1)[0]
    problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise click.ClickException(problem)
    try:
        user = create_user(email, display_name, password, set(roles))
    except AccountError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.role_names))}")


@click.command("seed-demo")
def seed_demo_command():
    """Add demo accounts (password: engage-demo) and content. Safe to run twice."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("seed-demo refuses to run in production mode.")

    created = demo.seed()
    db.session.commit()
    click.echo(f"Demo data ready ({created} new accounts). Password for all: {DEMO_PASSWORD}")
    click.echo(
        f"Staff accounts (moderator, official, admin) also ask for a code: add the key "
        f"{DEMO_TOTP_SECRET} to an authenticator app, or run `flask totp-code <email>`. "
        "For development only."
    )


@click.command("totp-code")
@click.argument("email")
def totp_code_command(email: str):
    """Print the current sign-in code of an account (development and demo only)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("totp-code refuses to run in production mode.")

    user = find_user_by_email(email)
    if user is None or not user.has_second_factor:
        raise click.ClickException(f"{email} has no account with two-factor sign-in.")
    click.echo(current_code(user))


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory: Path):
    """Back up the whole database into DIRECTORY, with a manifest of every table."""
    try:
        path = backup(db.engine, directory)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {path} (manifest: {path.with_suffix('.json').name}).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that is not empty.")
def restore_command(source: Path, force: bool):
    """Restore the newest backup in SOURCE (a folder, or one backup file), then check every
    table against the backup's manifest."""
    db.session.remove()
    try:
        done = restore(db.engine, source, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    if done.differences:
        raise click.ClickException(
            f"Restored {done.backup.name}, but these tables differ from its manifest: "
            + "; ".join(done.differences)
        )
    click.echo(
        f"Restored {done.backup.name}: {done.tables} tables, {done.rows} rows, "
        "each matching the manifest."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(totp_code_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

    app.cli.add_command(reindex_search_command)

    app.cli.add_command(export_command)

    app.cli.add_command(ledger_command)

    app.cli.add_command(purge_expired_command)
    app.cli.add_command(delete_accounts_command)
    app.cli.add_command(purge_command)

    app.cli.add_command(opinion_map_group)

    for command in (worker_command, send_digests_command, notify_due_command):
        app.cli.add_command(command)
