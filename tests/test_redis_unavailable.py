"""Redis unreachable (issue 20, faults): rate limits go on counting in the process's own
memory, so nothing crashes and the limits still hold; Redis's return is picked up."""

from __future__ import annotations

import pytest

from config import TestingConfig
from engage.extensions import db, limiter
from tests.apps import separate_app
from tests.factories import csrf_token_from


@pytest.fixture
def own_limiter(app):
    """The limiter is one object for every app in the process: the app made here points it
    at its Redis, so the shared app's storage is put back afterwards."""
    saved = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


def test_rate_limits_fall_back_to_memory_and_still_hold(tmp_path, own_limiter):
    with separate_app(
        TestingConfig,
        tmp_path,
        REDIS_URL="redis://127.0.0.1:9/0",  # nothing listens there
        RATELIMIT_ENABLED=True,
        HANDLE_UNEXPECTED_ERRORS=True,
    ) as app:
        with app.app_context():
            db.create_all()
        client = app.test_client()
        token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
        attempt = {"csrf_token": token, "email": "nobody@example.org", "password": "wrong!"}
        statuses = [client.post("/account/login", data=attempt).status_code for _ in range(6)]

    assert statuses == [422] * 5 + [429]
