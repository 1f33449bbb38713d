"""Pages and JSON are compressed with brotli or gzip, and caches are told so."""

from __future__ import annotations

import gzip

import brotli
import pytest

from tests.factories import login


@pytest.mark.parametrize(
    "accept, encoding, decode",
    [("br, gzip", "br", brotli.decompress), ("gzip, deflate", "gzip", gzip.decompress)],
)
@pytest.mark.parametrize("url", ["/", "/account/register", "/privacy", "/preferences"])
def test_pages_are_compressed(client, url, accept, encoding, decode):
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.headers["Content-Encoding"] == encoding
    html = decode(response.data).decode()
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_vary_names_both_encoding_and_htmx(client):
    for headers in ({"Accept-Encoding": "br"}, {}, {"Accept-Encoding": "br", "HX-Request": "true"}):
        vary = {v.strip() for v in client.get("/", headers=headers).headers["Vary"].split(",")}
        assert {"Accept-Encoding", "HX-Request"} <= vary, headers


def test_without_accept_encoding_nothing_is_compressed(client):
    response = client.get("/")
    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True).startswith("<!doctype html>")


def test_small_responses_are_not_compressed(client):
    response = client.get("/healthz", headers={"Accept-Encoding": "br, gzip"})
    assert len(response.data) < 500
    assert "Content-Encoding" not in response.headers


def test_htmx_fragments_are_compressed_too(client, factories):
    login(client, factories.user())
    response = client.get(
        "/account/profile", headers={"Accept-Encoding": "br", "HX-Request": "true"}
    )
    assert response.headers["Content-Encoding"] == "br"
    assert "HX-Request" in response.headers["Vary"]


def test_refused_encodings_are_respected(client):
    """q=0 means "not this one" (Flask-Compress on its own would still use it)."""
    response = client.get("/", headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]
    response = client.get("/", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
