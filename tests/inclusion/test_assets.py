"""Static files: content-hashed names, precompressed bodies, long and short caching."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest

from engage.assets import IMMUTABLE, SHORT_CACHE, Manifest

STATIC = Path(__file__).resolve().parents[2] / "static"
LINKED = ["css/app.css", "js/htmx.min.js", "js/app.js"]


def hashed_url(path: str) -> str:
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:8]
    stem, suffix = path.rsplit(".", 1)
    return f"/static/{stem}.{digest}.{suffix}"


def test_pages_link_static_files_by_content_hash(client):
    page = client.get("/").get_data(as_text=True)
    linked = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', page)
    assert linked == [hashed_url(path) for path in LINKED]


@pytest.mark.parametrize("path", LINKED)
def test_hashed_names_are_cached_for_a_year(client, path):
    response = client.get(hashed_url(path))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.data == (STATIC / path).read_bytes()
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.mimetype in ("text/css", "text/javascript", "application/javascript")
    assert "charset=utf-8" in response.headers["Content-Type"]


@pytest.mark.parametrize("path", LINKED)
@pytest.mark.parametrize(
    "accept, encoding, decode",
    [
        ("br, gzip", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("gzip;q=1.0, br;q=0.5", "gzip", gzip.decompress),
        ("*", "br", brotli.decompress),
    ],
)
def test_static_files_are_served_precompressed(client, path, accept, encoding, decode):
    response = client.get(hashed_url(path), headers={"Accept-Encoding": accept})
    assert response.headers["Content-Encoding"] == encoding
    assert decode(response.data) == (STATIC / path).read_bytes()
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.headers["Vary"] == "Accept-Encoding"


def test_identity_only_gets_the_plain_file(client):
    response = client.get(hashed_url("css/app.css"), headers={"Accept-Encoding": "br;q=0"})
    assert "Content-Encoding" not in response.headers
    assert response.data == (STATIC / "css/app.css").read_bytes()


def test_plain_names_still_work_with_a_short_cache(client):
    response = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == SHORT_CACHE
    assert gzip.decompress(response.data) == (STATIC / "css/app.css").read_bytes()


def test_an_old_hash_gets_the_current_file_without_the_long_cache(client):
    """A page cached from before a deploy still gets its stylesheet."""
    response = client.get("/static/css/app.00000000.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == SHORT_CACHE
    assert response.data == (STATIC / "css/app.css").read_bytes()


def test_etags_allow_revalidation_per_encoding(client):
    url = "/static/js/app.js"
    first = client.get(url, headers={"Accept-Encoding": "br"})
    again = client.get(
        url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    other = client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_static_files_do_not_vary_on_the_session_cookie(client, factories):
    from tests.factories import login

    login(client, factories.user())
    response = client.get(hashed_url("js/app.js"))
    assert response.headers["Vary"] == "Accept-Encoding"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "url", ["/static/missing.css", "/static/../config.py", "/static/css/missing.0123abcd.css"]
)
def test_unknown_static_files_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_head_requests_work(client):
    response = client.head(hashed_url("js/htmx.min.js"), headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.data == b""


def test_manifest_names_and_refresh(tmp_path):
    (tmp_path / "css").mkdir()
    css = tmp_path / "css" / "site.css"
    css.write_text("body { color: black; }\n" * 40)
    png = b"\x89PNG"
    (tmp_path / "logo").write_bytes(png)
    (tmp_path / ".hidden.swp").write_text("x")
    manifest = Manifest(tmp_path)
    digest = hashlib.sha256(css.read_bytes()).hexdigest()[:8]
    assert manifest.as_dict() == {
        "css/site.css": f"css/site.{digest}.css",
        "logo": f"logo.{hashlib.sha256(png).hexdigest()[:8]}",
    }
    assert set(manifest.by_path["css/site.css"].encoded) == {"br", "gzip"}
    assert manifest.by_path["logo"].encoded == {}  # not a text type: sent as it is

    css.write_text("body { color: navy; }\n")
    manifest.refresh_if_changed()
    new_digest = hashlib.sha256(css.read_bytes()).hexdigest()[:8]
    assert manifest.as_dict()["css/site.css"] == f"css/site.{new_digest}.css"
    assert manifest.by_path["css/site.css"].encoded == {}  # under 500 bytes: not worth it
