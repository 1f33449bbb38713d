"""What RQ workers run, by import path. Each job gets its own application context (and
so its own database session); under plain ``rq worker`` the app is created here."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from flask import current_app, has_app_context

from engage.notifications import delivery, digests, due


@contextmanager
def _app_context(with_request: bool = False):
    """A fresh context on the running app, or a new app (plain ``rq worker``)."""
    if has_app_context():
        app = current_app._get_current_object()
    else:
        from engage import create_app  # here: a plain ``rq worker`` builds the app

        app = create_app()
    with app.app_context():
        if not with_request:
            yield
            return
        # Links in emails need a host: BASE_URL stands in for the request.
        with app.test_request_context(base_url=app.config["BASE_URL"]):
            yield


def _run(func: Callable[..., Any], *args: Any, with_request: bool = False) -> Any:
    with _app_context(with_request):
        return func(*args)


def send_delivery(delivery_id: int) -> str | None:
    return _run(delivery.send, delivery_id)


def send_digests() -> int:
    return _run(digests.send_digests, with_request=True)


def notify_due() -> dict[str, int]:
    return _run(due.notify_due, with_request=True)
