"""The bare Flask route benchmarks/run.py measures beside the ceiling (issue 23)."""

from __future__ import annotations

from benchmarks.bare_app import app


def test_the_bare_route_is_a_page_of_about_ten_kilobytes_with_nothing_else():
    client = app.test_client()
    page = client.get("/_bare")
    assert page.status_code == 200
    assert 9_000 <= len(page.data) <= 11_000
    assert "Set-Cookie" not in page.headers  # no session, no hooks
    assert client.get("/healthz").data == b"ok"  # what run.py waits for
