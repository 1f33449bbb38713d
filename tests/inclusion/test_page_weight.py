"""First visit to a key page, as transferred: HTML + CSS + JavaScript under 60 KB.

Each page and the files it links are fetched the way a browser on a first visit would
(nothing cached), once with brotli and once with gzip only (browsers offer brotli
only over HTTPS). Sizes are compressed body bytes; headers are not counted.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

BUDGET = 60 * 1024
ASSET = re.compile(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"')
WEIGHTS_KEY = pytest.StashKey[dict]()


def _consultation_page(app, factories):
    consultation = factories.consultation()
    for _ in range(10):
        factories.proposal(consultation)
    return f"/consultations/{consultation.slug}"


PAGES = {
    "home": lambda app, factories: "/",
    "sign in": lambda app, factories: "/account/login",
    "register": lambda app, factories: "/account/register",
    "consultation list": lambda app, factories: "/consultations/",
    "consultation": _consultation_page,
}


def first_load(client, url: str, accept: str, status: int = 200) -> dict[str, int]:
    headers = {"Accept-Encoding": accept}
    page = client.get(url, headers=headers, follow_redirects=True)
    assert page.status_code == status, f"{url} gave {page.status_code}"
    sizes = {"html": len(page.data), "css": 0, "js": 0}
    for css, js in ASSET.findall(_decoded(page)):
        asset = client.get(css or js, headers=headers)
        assert asset.status_code == 200, f"{css or js} gave {asset.status_code}"
        sizes["css" if css else "js"] += len(asset.data)
    return sizes


def _decoded(response) -> str:
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(
        response.headers.get("Content-Encoding", ""), lambda data: data
    )
    return decode(response.data).decode()


@pytest.mark.parametrize("accept", ["br, gzip", "gzip, deflate"])
@pytest.mark.parametrize("name", list(PAGES))
def test_first_load_is_under_60_kb(app, client, factories, request, name, accept):
    url = PAGES[name](app, factories)
    sizes = first_load(client, url, accept)
    total = sum(sizes.values())
    encoding = accept.split(",")[0]
    request.config.stash.setdefault(WEIGHTS_KEY, {})[(name, encoding)] = (url, sizes, total)
    assert total < BUDGET, (
        f"{name} ({url}) first load with {encoding}: {total:,} bytes "
        f"(html {sizes['html']:,} + css {sizes['css']:,} + js {sizes['js']:,}) "
        f"is over the {BUDGET:,}-byte budget"
    )


def test_no_web_fonts_or_images_are_needed(app, client):
    """System fonts only, and no picture a page needs: nothing extra to download."""
    static = Path(app.static_folder)
    css = (static / "css" / "app.css").read_text()
    assert "@font-face" not in css and "url(" not in css and "@import" not in css
    fonts = [p.name for p in static.rglob("*") if p.suffix in {".woff", ".woff2", ".ttf", ".otf"}]
    assert not fonts
    for url in ["/", "/account/login", "/account/register", "/privacy", "/preferences"]:
        page = client.get(url).get_data(as_text=True)
        assert "<img" not in page and "<picture" not in page, url


def test_every_page_a_visitor_can_see_is_under_60_kb(app, client, factories):
    """Every signed-out page of the accessibility sweep's list, with its demo-like content."""
    from flask import url_for

    from tests.e2e.pages import ANONYMOUS, make_world
    from tests.e2e.pages import PAGES as SWEPT

    world = make_world(factories)
    over = []
    for item in (p for p in SWEPT if ANONYMOUS in p.seen_by):
        with app.test_request_context():
            url = item.path or url_for(item.endpoint, **item.values(world))
        sizes = first_load(client, url, "gzip, deflate", status=item.status)
        if sum(sizes.values()) >= BUDGET:
            over.append(f"{item.name} ({url}): {sizes}")
    assert not over, f"over the {BUDGET:,}-byte budget with gzip:\n" + "\n".join(over)
