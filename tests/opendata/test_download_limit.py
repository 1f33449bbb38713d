"""Whole-site open data downloads are rate-limited per address (RATELIMIT_OPEN_DATA), all
datasets and formats together, with a 429 page that says how long to wait."""

from __future__ import annotations

import html


def test_whole_site_downloads_share_one_limit_per_address(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_OPEN_DATA", "3 per hour")
    factories.proposal()
    urls = ["/open-data/proposals.csv", "/open-data/comments.json", "/open-data/topics.csv"]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    refused = client.get("/open-data/consultations.json")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    page = html.unescape(refused.get_data(as_text=True))
    assert "<h1" in page and "Too many downloads" in page
    assert "You can download again within 60 minutes." in page
    # Another address has its own budget; the per-consultation files are not counted here.
    other = app.test_client()
    assert (
        other.get("/open-data/proposals.csv", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code
        == 200
    )
    assert client.get("/open-data").status_code == 200


def test_the_429_page_is_translated(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_OPEN_DATA", "1 per hour")
    client.set_cookie("lang", "es")
    client.get("/open-data/topics.csv")
    page = html.unescape(client.get("/open-data/topics.csv").get_data(as_text=True))
    assert 'lang="es"' in page and "Too many downloads" not in page
    assert "dentro de 60 minutos" in page
