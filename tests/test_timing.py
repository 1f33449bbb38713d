"""The benchmarks' measurement hooks: off by default; with them on, honest headers."""

from __future__ import annotations

from flask_migrate import upgrade

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app


def test_hooks_are_off_by_default(client):
    response = client.get("/")
    assert "X-Query-Count" not in response.headers
    assert "Server-Timing" not in response.headers
    assert client.get("/_ceiling").status_code == 404
    assert client.get("/_stats").status_code == 404


def test_ceiling_page_runs_no_queries_and_pages_count_theirs(tmp_path):
    with separate_app(TestingConfig, tmp_path, SERVER_TIMING=True, BENCHMARK_CEILING=True) as app:
        with app.app_context():
            upgrade()
        client = app.test_client()

        ceiling = client.get("/_ceiling")
        assert ceiling.status_code == 200
        assert b"<main" in ceiling.data  # the whole base layout
        assert ceiling.headers["X-Query-Count"] == "0"
        assert ceiling.headers["Server-Timing"].startswith("app;dur=")

        stats = client.get("/_stats").get_json()  # this worker's memory and kept pieces
        assert stats["rss_bytes"] > 10 * 1024 * 1024 and stats["peak_rss_bytes"] > 0
        assert set(stats["fragments"]) == {"entries", "bytes", "max_bytes", "hits", "misses"}

        listing = client.get("/consultations/")
        assert listing.status_code == 200
        assert int(listing.headers["X-Query-Count"]) >= 1
        with app.app_context():
            db.session.remove()
