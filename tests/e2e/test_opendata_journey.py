"""A visitor finds a consultation's open data from its page, downloads the proposals as
CSV and the site's comments as JSON, with JavaScript on and off; axe on every page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.opendata.world import SECRETS, make_world


def _download(page, link) -> str:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_download_open_data(page, base_url, factories, js):
    world = make_world(factories)
    consultation = world.consultation
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    page.get_by_role("link", name="Download this consultation's data (open data)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Open data:?\s+" + re.escape(consultation.title) + "$")
    )
    expect(page).to_have_url(re.compile(f"/consultations/{consultation.slug}/open-data$"))
    assert_accessible(page)

    text = _download(page, page.get_by_role("link", name="CSV (Proposals)"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == consultation.proposal_count
    assert {r["consultation_id"] for r in rows} == {str(consultation.id)}

    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    assert_accessible(page)
    document = json.loads(_download(page, page.get_by_role("link", name="JSON (Comments)")))
    assert document["dataset"] == "comments" and document["rows"]
    for secret in SECRETS.values():
        assert secret not in json.dumps(document)
    # Still on the download page: the download did not replace it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
