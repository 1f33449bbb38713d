"""Error pages that tell the person what happened and what to do next."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from flask_babel import format_decimal, get_locale
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from engage.extensions import db
from engage.htmx import render, wants_fragment

log = logging.getLogger(__name__)
HANDLED = (400, 403, 404, 405, 413, 429, 500)

# Features that answer some errors their own way, asked in order before the error page;
# each returns a response or None. engage.wiring adds them: the API answers in JSON,
# two-factor sends staff without a second factor to set one up.
ANSWERS: list[Callable[[int, Exception | None], Response | None]] = []


def answer_first(answer: Callable[[int, Exception | None], Response | None]) -> None:
    if answer not in ANSWERS:
        ANSWERS.append(answer)


def error_page(code: int, error: Exception | None = None):
    for answer in ANSWERS:
        response = answer(code, error)
        if response is not None:
            return response
    template = "errors/_message.html" if wants_fragment() else "errors/page.html"
    response = render(
        template,
        code=code,
        error=error,
        size_limit=_size_limit(code),
        wait_minutes=_wait_minutes(error),
        status=code,
    )
    return with_error_headers(response, code, error)


def with_error_headers(response: Response, code: int, error: Exception | None) -> Response:
    """Keep what the exception says about itself (Allow on a 405, Retry-After on a 429)."""
    if isinstance(error, HTTPException):
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    if code == 429 and getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _size_limit(code: int) -> str | None:
    """The request size this address accepts, in MB, for the 413 page."""
    limit = request.max_content_length if code == 413 else None
    return format_decimal(round(limit / (1024 * 1024), 1)) if limit else None


def _wait_minutes(error: Exception | None) -> int | None:
    """At most how long until a rate limit's window ends (Flask-Limiter's 429), in minutes."""
    limit = getattr(getattr(error, "limit", None), "limit", None)
    if limit is None:
        return None
    return max(1, -(-limit.get_expiry() // 60))


def handle_csrf_error(error: CSRFError):
    """An expired session or token: show the same form again with what was typed.

    The view runs once more; its form fails validation on the token, so nothing is
    written, and it renders the person's text with a new token and a clear message.
    """
    view = current_app.view_functions.get(request.endpoint or "")
    db.session.rollback()
    if (
        request.method == "POST"
        and view is not None
        and not getattr(g, "csrf_retry", False)
        and _blueprint_checks_pass()
    ):
        g.csrf_retry = True
        g.csrf_error = True
        try:
            response = current_app.make_response(view(**(request.view_args or {})))
        except HTTPException:
            response = None
        if response is not None and response.status_code in (200, 422):
            response.status_code = 400
            return response
    return error_page(400, error)


def _blueprint_checks_pass() -> bool:
    """Run the view's blueprint guards (e.g. admin only) that the CSRF failure cut short.

    The retry calls the view directly; without this, a bad token would skip them and show
    the page to anyone. App-wide hooks are not rerun: CSRF itself, rate limits.
    """
    for name in reversed(request.blueprints):
        for check in current_app.before_request_funcs.get(name, ()):
            try:
                if current_app.ensure_sync(check)() is not None:
                    return False
            except HTTPException:
                return False
    return True


def untrusted_host(error: SecurityError):
    """A request for a host this site doesn't serve (TRUSTED_HOSTS): no page is built for
    it, since links on a page would need the host the request got wrong."""
    return Response(
        "400 Bad Request: this site does not answer to that host name.\n",
        status=400,
        mimetype="text/plain",
    )


# How long the "try again" page asks the browser (and nginx) to wait.
UNAVAILABLE_RETRY_SECONDS = 5
# Form fields never written back into a page: secrets the person types again.
_NOT_KEPT = ("password", "code", "secret", "totp")
_last_unavailable_log = [0.0]


def database_unavailable(error: Exception) -> bool:
    """The database could not be reached or dropped the connection (a restart, a
    failover, SQLite's writer lock held too long): worth trying again in a moment.
    Mistakes in the code (a missing table, bad SQL) are not this, and stay 500s."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, InterfaceError):
        return True
    if isinstance(error, OperationalError):
        message = str(error.orig).lower()
        if type(error.orig).__module__.startswith("sqlite3"):
            return "locked" in message or "unable to open" in message or "busy" in message
        return True
    return False


def unavailable_page(error: Exception):
    """503 with Retry-After, drawn without the database. A form that was being sent comes
    back with what the person wrote, shown so it can be copied and ready to send again;
    the request's transaction was rolled back, so nothing of it was saved."""
    now = time.monotonic()
    if now - _last_unavailable_log[0] > 10:  # once per outage, not once per request
        _last_unavailable_log[0] = now
        log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    if "_login_user" not in g:
        # The person couldn't be looked up: the page speaks the browser's language.
        g._login_user = AnonymousUserMixin()
    try:
        get_locale()  # kept for this request; the person's own language if still loaded
    except Exception:  # noqa: BLE001 - their settings would need the database
        g._login_user = AnonymousUserMixin()  # nothing was kept: asked again, it's the browser's
    with contextlib.suppress(Exception):  # the connection may already be gone
        db.session.rollback()
    # The rollback expired whatever was loaded: the page names no one and asks nothing.
    g._login_user = AnonymousUserMixin()
    kept = []
    if request.method == "POST" and not wants_fragment():
        for name, value in request.form.items(multi=True):
            if any(word in name.lower() for word in _NOT_KEPT):
                continue
            kept.append((name, value))
    response = current_app.make_response(
        (
            current_app.jinja_env.get_template("errors/unavailable.html").render(
                kept=kept,
                shown=[(n, v) for n, v in kept if v.strip() and n != "csrf_token"],
                action=request.full_path.rstrip("?"),
                fragment=wants_fragment(),
                **_plain_context(),
            ),
            503,
        )
    )
    response.headers["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _plain_context() -> dict:
    context: dict = {}
    current_app.update_template_context(context)
    return context


def init_app(app: Flask) -> None:
    app.register_error_handler(SecurityError, untrusted_host)
    app.register_error_handler(CSRFError, handle_csrf_error)
    for code in HANDLED:
        app.register_error_handler(code, lambda e, code=code: error_page(code, e))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return error
        if database_unavailable(error) and (
            not app.testing or app.config.get("HANDLE_UNEXPECTED_ERRORS")
        ):
            return unavailable_page(error)
        if app.testing and not app.config.get("HANDLE_UNEXPECTED_ERRORS"):
            raise error
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_page(500, InternalServerError())
