"""A suspension blocks every write, in one place: a suspended person's POST (or any other
method that changes something) is refused before its view runs, unless the route is one of
the few below. A new route is blocked for them by default, so it can't be forgotten.

The per-feature refusals (engage.permissions.suspension_refusal) stay: they hide the
controls and say why; this is the rule behind them.
"""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from engage.permissions import suspension_refusal

READING = frozenset({"GET", "HEAD", "OPTIONS"})

# Managing one's own account: sign in and out, password, profile, second factor.
ALLOWED_BLUEPRINTS = frozenset({"accounts", "two_factor"})
ALLOWED_ENDPOINTS = frozenset(
    {
        "moderation.appeal_decision",  # appealing, the suspension included
        "main.set_language",
        "preferences.edit_display",
        "notifications.settings",  # which emails to get
        "notifications.unsubscribe",
        "notifications.unfollow",  # fewer notices, never more
        "notifications.mark_read",  # reading
        "notifications.mark_all_read",
        "readability.check",  # reads the text it is sent, stores nothing
    }
)


class Suspended(Forbidden):
    """403 with the suspension's end date, for the error page to say."""

    suspension = True


def allowed_while_suspended(endpoint: str | None) -> bool:
    if not endpoint:
        return True  # no route: a 404 or 405 follows anyway
    blueprint = endpoint.rpartition(".")[0]
    return endpoint in ALLOWED_ENDPOINTS or blueprint in ALLOWED_BLUEPRINTS


def refuse_writes_while_suspended() -> None:
    if request.method in READING or allowed_while_suspended(request.endpoint):
        return
    if current_user.is_authenticated and current_user.is_suspended:
        raise Suspended(description=suspension_refusal(current_user))


def init_app(app: Flask) -> None:
    app.before_request(refuse_writes_while_suspended)
