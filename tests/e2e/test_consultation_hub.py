"""The consultation page as a hub (issue 22), in a real browser: the tabs are links that
work with and without JavaScript, a boosted move between them puts focus on the page's
h1, old links to a comment on the consultation page still reach it, and the hub's pages
are much shorter than the one long page was."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from engage.extensions import db
from tests.e2e.axe import assert_accessible
from tests.e2e.keyboard import assert_tab_reaches_every_control


def _consultation(factories):
    consultation = factories.consultation("open", title="Cameras on buses")
    for n in range(12):
        proposal = factories.proposal(consultation, title=f"Idea {n:02d}", body="Body. " * 40)
        for _ in range(n % 3):
            factories.support(proposal)
    for n in range(25):
        newest = factories.comment(consultation, body=f"Comment {n}. " + "Words. " * 30)
    factories.draft(consultation)
    db.session.commit()
    return consultation, newest


def _tabs(page: Page):
    return page.get_by_role("navigation", name="Parts of this consultation")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_tabs_are_links_to_pages_of_their_own(browser, base_url, factories, js):
    consultation, _newest = _consultation(factories)
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    expect(_tabs(page).get_by_role("link", name="Overview")).to_have_attribute(
        "aria-current", "page"
    )
    _tabs(page).get_by_role("link", name="Proposals (12)").click()
    expect(page).to_have_url(f"{base_url}/consultations/{consultation.slug}/proposals")
    expect(page.get_by_role("heading", name="Proposals (12)", level=2)).to_be_visible()
    expect(_tabs(page).get_by_role("link", name="Proposals (12)")).to_have_attribute(
        "aria-current", "page"
    )
    expect(_tabs(page).locator("[aria-current]")).to_have_count(1)
    if js:  # a boosted navigation: focus on the new page's h1, as a page load would
        expect(page.locator("h1")).to_be_focused()
    assert_tab_reaches_every_control(page)
    _tabs(page).get_by_role("link", name="Discussion (25)").click()
    expect(page).to_have_url(f"{base_url}/consultations/{consultation.slug}/discussion")
    expect(page.get_by_role("heading", name="Comments (25)", level=2)).to_be_visible()
    expect(page.locator("#comment-list article.comment")).to_have_count(20)  # a first page
    if js:
        expect(page.locator("h1")).to_be_focused()
    assert_tab_reaches_every_control(page)
    _tabs(page).get_by_role("link", name="Draft text").click()
    expect(page).to_have_url(f"{base_url}/consultations/{consultation.slug}/draft")
    context.close()


def test_an_old_link_to_a_comment_on_the_consultation_page_reaches_it(
    page: Page, base_url, factories
):
    consultation, newest = _consultation(factories)
    page.goto(f"{base_url}/consultations/{consultation.slug}#comment-{newest.id}")
    expect(page).to_have_url(
        f"{base_url}/consultations/{consultation.slug}/discussion#comment-{newest.id}"
    )
    expect(page.locator(f"#comment-{newest.id}")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_the_hub_pages_are_accessible_short_and_reflow(browser, base_url, factories, lang):
    consultation, _newest = _consultation(factories)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "lang", "value": lang, "url": base_url}])
    page = context.new_page()
    for path in ("", "/proposals", "/discussion"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base_url}/consultations/{consultation.slug}{path}")
        assert_accessible(page)
        if path == "":  # the summary and the details: a screen or two, not a long scroll
            assert page.evaluate("document.documentElement.scrollHeight") < 2600
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()
