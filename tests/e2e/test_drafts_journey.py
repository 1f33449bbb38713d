"""Co-drafting in a real browser, keyboard only, with JavaScript on (htmx) and off: an
official imports a Markdown draft and publishes version 1, edits clause 3 and publishes
version 2; anyone reads both versions and the difference (exactly that change); a resident
comments on clause 3 from the clause; the version exports as Markdown and prints.
axe-core runs after every page load and every swap."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import enter_second_factor, expect_page, flash, main_nav
from tests.factories import PASSWORD

DOCUMENT = """# Purpose

These rules govern police use of facial recognition.

They apply to every police force in the city.

# Limits

No live matching in public places.

Every search is logged and reviewed monthly.

# Oversight

An independent board publishes a yearly report."""
TITLE = "Rules for police use of facial recognition: draft"


def press(locator: Locator, key: str = "Enter") -> None:
    """Operate a control from the keyboard: move focus to it, then press a key."""
    locator.focus()
    expect(locator).to_be_focused()
    locator.press(key)


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password", exact=True).press("Enter")
    enter_second_factor(page, email)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account")
    ).to_be_visible()


def sign_out(page: Page) -> None:
    press(page.get_by_role("button", name="Sign out", exact=True))
    expect(main_nav(page).get_by_role("link", name="Sign in")).to_be_visible()


def _publish(page: Page, number: int, note: str) -> None:
    page.get_by_label("What changed (shown with the version)").fill(note)
    press(page.get_by_role("button", name=f"Publish version {number}"))
    expect_page(page, TITLE)
    flash(page, f"Version {number} is published.")
    expect(page.get_by_text(re.compile(rf"^Version {number}, published"))).to_be_visible()


def test_import_publish_edit_diff_comment_export(page: Page, base_url, factories, js):
    official = factories.user("official", name="Olu Official")
    title = "Rules for police use of facial recognition"
    consultation = factories.consultation("open", official=official, title=title)
    slug = consultation.slug
    sign_in(page, base_url, official.email)

    # The official starts the draft from the consultation page and imports Markdown.
    page.goto(f"{base_url}/consultations/{slug}")
    press(page.get_by_role("link", name="Start the draft text"))
    expect_page(page, "Edit the draft", f"/consultations/{slug}/draft/edit")
    page.get_by_label("Title of the draft").fill(TITLE)
    page.get_by_label("The draft, in Markdown").fill(DOCUMENT)
    press(page.get_by_role("button", name="Import"))
    expect_page(page, "Edit the draft")
    flash(page, "Imported 8 sections and clauses.")
    expect(page.locator(".draft-part__label strong")).to_have_text(
        [
            "Section 1",
            "Clause 1",
            "Clause 2",
            "Section 2",
            "Clause 3",
            "Clause 4",
            "Section 3",
            "Clause 5",
        ]
    )
    _publish(page, 1, "First draft for comment.")
    assert_accessible(page)

    # Clause 3 is edited in place (htmx) or on its own page, then version 2 is published.
    press(page.get_by_role("link", name="Edit the draft"))
    expect_page(page, "Edit the draft")
    press(page.get_by_role("link", name="Edit Clause 3"))
    text = page.get_by_label("Text", exact=True)
    if js:
        expect(text).to_be_focused()  # the inline form took focus after the swap
        expect(page).to_have_url(re.compile(r"/draft/edit$"))
    else:
        expect_page(page, "Edit Clause 3")
    assert_accessible(page)
    expect(text).to_have_value("No live matching in public places.")
    text.fill("No live matching anywhere.")
    press(page.get_by_role("button", name="Save Clause 3"))
    if js:
        expect(page.get_by_role("status").filter(has_text="Clause 3 is changed.")).to_be_focused()
    else:
        expect_page(page, "Edit the draft")
        flash(page, "Clause 3 is changed.")
    expect(page.locator(".draft-part", has_text="No live matching anywhere.")).to_contain_text(
        "Changed, not published yet"
    )
    assert_accessible(page)
    _publish(page, 2, "Live matching banned everywhere.")
    sign_out(page)

    # Anyone reads version 2, version 1, and the difference: exactly that change.
    page.goto(f"{base_url}/consultations/{slug}/draft")
    expect_page(page, TITLE)
    expect(page.locator("#clause-3")).to_contain_text("No live matching anywhere.")
    press(page.get_by_role("link", name="Version 1", exact=True))
    expect_page(page, TITLE, f"/consultations/{slug}/draft/versions/1")
    expect(page.get_by_text("This is an earlier version.")).to_be_visible()
    expect(page.locator("#clause-3")).to_contain_text("No live matching in public places.")
    press(page.get_by_role("link", name="Read the current version (2)"))
    expect_page(page, TITLE, f"/consultations/{slug}/draft")
    press(page.get_by_role("link", name="What changed since version 1"))
    expect_page(page, "Changes from version 1 to version 2")
    expect(page.locator("#diff-summary")).to_have_text(
        re.compile(r"1 part changed,\s+0 added,\s+0 removed\.")
    )
    changes = page.locator(".draft-change")
    expect(changes).to_have_count(1)
    expect(changes.locator(".draft-change__heading")).to_contain_text("Clause 3")
    expect(changes.locator("del")).to_have_text("[removed: in public places.]")
    expect(changes.locator("ins")).to_have_text("[added: anywhere.]")
    press(page.get_by_role("link", name="Show the whole document with the changes"))
    expect_page(page, "Changes from version 1 to version 2")
    expect(page.locator(".draft-change")).to_have_count(8)
    expect(page.locator(".draft-change--changed")).to_have_count(1)
    expect(page.locator("ins, del")).to_have_count(2)

    # A resident comments on clause 3 from the clause's own link on the draft.
    resident = factories.user(name="Jo Resident")
    sign_in(page, base_url, resident.email)
    page.goto(f"{base_url}/consultations/{slug}/draft")
    press(page.get_by_role("link", name="Comment on clause 3"))
    expect_page(page, "Clause 3", re.compile(r"/draft/clauses/3#comments$"))
    expect(page.locator(".draft-clause__text")).to_have_text("No live matching anywhere.")
    expect(page.locator("del")).to_have_text("[removed: in public places.]")  # its history
    form = page.locator("form.comment-form")
    form.get_by_label("Your comment").fill("Does anywhere include private shops?")
    press(form.get_by_role("button", name="Post your comment"))
    expect(page.locator(".comment__main", has_text="private shops")).to_be_visible()
    expect(page.locator("#comments-count")).to_have_text("(1)")
    assert_accessible(page)
    press(page.get_by_role("link", name="Back to the draft"))
    expect_page(page, TITLE)
    expect(page.get_by_role("link", name="1 comment on clause 3")).to_be_visible()

    # Export: Markdown file and a printable page.
    with page.expect_download() as download:
        press(page.get_by_role("link", name="Download as Markdown"))
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == f"{slug}-draft-v2.md"
    assert "## Limits" in exported and "**3.** No live matching anywhere." in exported
    press(page.get_by_role("link", name="Printable version"))
    expect_page(page, TITLE, f"/consultations/{slug}/draft/print")
    expect(page.get_by_text("Clause 5")).to_be_visible()
