"""schemathesis generates requests from /api/v1/openapi.json (valid and invalid ones) and
checks every answer against the document: status codes, content types, bodies, no 500s.

The document is read once from an app of its own (it needs no database); the requests go
to the test app, over the world below. (schemathesis.pytest.from_fixture would be the
natural way, but it breaks on pytest 9.2's node ids.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config import TestingConfig
from engage import create_app
from tests.opendata.world import make_world

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(TestingConfig))


@pytest.fixture
def world(app, factories, monkeypatch):
    # Hundreds of requests in a few seconds: rate limits are tested on their own.
    monkeypatch.setitem(app.config, "RATELIMIT_API", "100000 per minute")
    return make_world(factories)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_document(case, app, world):
    # A WSGI test client doesn't undo compression as an HTTP client would; ask for none.
    case.call_and_validate(session=app.test_client(), headers={"Accept-Encoding": "identity"})
