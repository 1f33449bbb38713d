"""The pages the security limits show, in a real browser with axe: the 413 for a request
too large, the 403 of a suspension, the 429 of the open data downloads."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from engage.database import utcnow
from engage.extensions import db
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD


def test_a_request_too_large_gets_an_accessible_413_page(page, base_url):
    page.goto(base_url + "/account/login")
    # A script or a paste past the browser's own limit: 3 MB in the email field.
    page.evaluate(
        "() => { const f = document.querySelector('input[name=email]');"
        " f.removeAttribute('maxlength'); f.value = 'a'.repeat(3 * 1024 * 1024); }"
    )
    page.locator("input[name=password]").fill("whatever")
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("That was too large")
    expect(page.locator("main")).to_contain_text("at most 2 MB")
    assert_accessible(page)


def test_a_suspended_person_gets_an_accessible_403_that_says_why(page, base_url, factories):
    person = factories.user(name="Sam Suspended")
    proposal = factories.proposal(author=person)
    person.suspended_until = utcnow() + timedelta(days=3)
    db.session.commit()
    sign_in(page, base_url, person.email, PASSWORD)
    page.goto(base_url + f"/proposals/{proposal.id}/edit")
    page.locator("main form textarea").first.fill("A new text, long enough for a proposal.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("A moderator suspended your account until")
    expect(page.get_by_role("link", name="See the decision and appeal it")).to_be_visible()
    assert_accessible(page)


def test_too_many_downloads_gets_an_accessible_429_page(page, base_url, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_OPEN_DATA", "1 per hour")
    page.request.get(base_url + "/open-data/topics.csv")
    page.goto(base_url + "/open-data/topics.json")
    expect(page.locator("h1")).to_have_text("Too many downloads")
    assert_accessible(page)
