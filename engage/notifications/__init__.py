"""Follows, in-app notices, email settings and deliveries (digests, retries, unsubscribe)."""

from flask import Blueprint

# cli_group=None: the commands read ``flask send-digests``, not ``flask notifications …``.
bp = Blueprint("notifications", __name__, cli_group=None)


def load_routes() -> Blueprint:
    """The blueprint with its routes and commands attached."""
    from engage.notifications import commands, listeners, routes  # noqa: F401

    listeners.connect()
    return bp
