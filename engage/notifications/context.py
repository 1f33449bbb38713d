"""Links outside a request: notices and emails are also made by commands, workers, demo
data and tests, where ``url_for`` needs a request to know the host."""

from __future__ import annotations

import functools
from contextlib import nullcontext

from flask import current_app, has_request_context


def links():
    """The current request, or a stand-in on BASE_URL (sharing the app context and session)."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])


def with_links(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with links():
            return func(*args, **kwargs)

    return wrapper
