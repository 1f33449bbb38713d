"""An admin finds a person, changes their roles with a reason, and sees it in the audit log."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, main_nav, sign_in
from tests.factories import PASSWORD

REASON = "Joins the moderation team for the sensors consultation."


def test_admin_finds_a_person_and_changes_their_roles(page, js, base_url, factories):
    admin = factories.user("admin", name="Ada Admin")
    factories.user(name="Riley Resident", email="riley@example.org")
    for n in range(3):
        factories.user(name=f"Other Person {n}")

    sign_in(page, base_url, admin.email, PASSWORD)
    assert_accessible(page)
    main_nav(page).get_by_role("link", name="Admin", exact=True).click()
    expect_page(page, "People and roles", "/admin/users")
    results = page.locator("#user-results")
    expect(results.get_by_role("row")).to_have_count(6)  # header + 5 people

    search = page.get_by_label("Find by name or email")
    if js:
        # Live search: results change in place, the page is not reloaded.
        page.evaluate("window.notReloaded = true")
        results.evaluate("el => { el.dataset.original = 'yes' }")
        search.press_sequentially("riley", delay=20)
        expect(results.get_by_role("row")).to_have_count(2)
        expect(page).to_have_url(re.compile(r"/admin/users\?q=riley$"))
        assert page.evaluate("window.notReloaded === true")
        # The live region stays in the page, so screen readers announce the change.
        expect(results).to_have_attribute("data-original", "yes")
        expect(search).to_be_focused()
    else:
        search.fill("riley")
        search.press("Enter")
        expect(page).to_have_url(re.compile(r"/admin/users\?q=riley$"))
        expect(results.get_by_role("row")).to_have_count(2)
    assert_accessible(page)

    results.get_by_role("link", name="Riley Resident").click()
    expect_page(page, "Riley Resident", re.compile(r"/admin/users/\d+$"))

    # Without a reason nothing changes and the form says why.
    page.get_by_label("Moderator").check()
    page.get_by_role("button", name="Save roles").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Say why the roles are changing.")
    if js:
        expect(summary).to_be_focused()
    expect(page.get_by_label("Moderator")).to_be_checked()
    assert_accessible(page)

    page.get_by_label("Why are the roles changing?").fill(REASON)
    page.get_by_role("button", name="Save roles").click()
    flash(page, "Roles updated.")
    expect_page(page, "Riley Resident")
    roles = page.locator("dt", has_text="Roles").locator("xpath=following-sibling::dd[1]")
    expect(roles).to_have_text("Moderator, Resident")
    expect(page.get_by_role("main")).to_contain_text(REASON)

    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Audit log"
    ).click()
    expect_page(page, "Audit log", "/admin/audit")
    entry = page.locator(".audit-list li").first
    expect(entry).to_contain_text("user.roles_changed")
    expect(entry).to_contain_text("by Ada Admin")
    expect(entry).to_contain_text(REASON)
