"""A resident finds a proposal by search: live results with JavaScript, a plain form without."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from engage.extensions import db
from engage.search.service import reindex_all
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page

LABEL = "Search consultations, proposals and comments"


def _content(factories):
    consultation = factories.consultation(
        title="Rules for police use of facial recognition",
        summary="When may the police use facial recognition cameras?",
    )
    factories.proposal(
        consultation,
        title="Ban live facial recognition in public spaces",
        body="No live scanning of crowds at protests.",
    )
    for n in range(22):
        factories.proposal(consultation, title=f"Camera idea {n}", body="More cameras, fewer.")
    reindex_all()  # the factories skip the services, so index what they made
    db.session.commit()


def test_search_from_the_header_then_refine(page, js, base_url, factories):
    _content(factories)
    page.goto(base_url + "/")

    header = page.get_by_role("search", name="Site search")
    header.get_by_label("Search this site").fill("facial")
    header.get_by_role("button", name="Search").click()
    expect_page(page, "Search", re.compile(r"/search\?q=facial$"))
    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_have_text("2 results for “facial”")
    expect(page.locator(".search-result mark").first).to_have_text("facial")

    form = page.get_by_role("search", name="Search", exact=True)
    box = form.get_by_label(LABEL)
    results = page.locator("#search-hits")
    if js:
        # Live: the results and the count change in place; the page is not reloaded and
        # the live region stays the same element, so screen readers announce the count.
        page.evaluate("window.notReloaded = true")
        status.evaluate("el => { el.dataset.original = 'yes' }")
        box.fill("")
        box.press_sequentially("ban li", delay=30)
        expect(status).to_have_text("1 result for “ban li”")
        expect(results.get_by_role("link")).to_have_text(
            ["Ban live facial recognition in public spaces"]
        )
        expect(page).to_have_url(re.compile(r"/search\?q=ban(\+|%20)li(&kind=)?$"))
        assert page.evaluate("window.notReloaded === true")
        expect(status).to_have_attribute("data-original", "yes")
        expect(box).to_be_focused()
        assert_accessible(page)

        form.get_by_label("Show").select_option("consultation")
        expect(status).to_have_text("No results for “ban li”.")
        expect(results).to_contain_text("Search everything for “ban li”")
        assert page.evaluate("window.notReloaded === true")
        assert_accessible(page)
        form.get_by_label("Show").select_option("")
        expect(status).to_have_text("1 result for “ban li”")
        # The pushed address is shareable: loading it directly gives the whole page.
        page.reload()
        expect_page(page, "Search")
        expect(status).to_have_text("1 result for “ban li”")
        expect(box).to_have_value("ban li")
    else:
        box.fill("ban live")
        form.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"/search\?q=ban\+live&kind=$"))
        expect(status).to_have_text("1 result for “ban live”")
        assert_accessible(page)

    results.get_by_role("link", name="Ban live facial recognition in public spaces").click()
    expect_page(
        page, "Ban live facial recognition in public spaces", re.compile(r"/proposals/\d+$")
    )


def test_search_pages_through_results(page, js, base_url, factories):
    _content(factories)
    page.goto(base_url + "/search?q=cameras")
    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_have_text("23 results for “cameras”. Showing 1 to 20.")
    expect(page.locator(".search-result")).to_have_count(20)
    assert_accessible(page)

    page.get_by_role("link", name="Next results").click()
    expect(page).to_have_url(re.compile(r"/search\?q=cameras&page=2$"))
    expect(status).to_have_text("23 results for “cameras”. Showing 21 to 23.")
    expect(page.locator(".search-result")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("link", name="Previous results").click()
    expect(page).to_have_url(re.compile(r"/search\?q=cameras$"))
    expect(page.locator(".search-result")).to_have_count(20)
