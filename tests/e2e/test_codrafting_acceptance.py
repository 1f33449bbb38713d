"""Issue 4 acceptance, in a real browser, by keyboard only, with JavaScript on and off:
an official imports a Markdown draft and publishes v1; a resident proposes an amendment
to clause 3 and another supports it; the official accepts it and v2 shows the change
credited to the amendment; the diff v1→v2 shows exactly that change; a second amendment
to the same clause, written against v1, is flagged out of date; a rejected amendment
shows its reason. axe-core runs after every page and every htmx swap."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from engage.drafts.queries import draft_for
from tests.amendments.helpers import clause
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import has_second_factor
from tests.e2e.test_inclusion_acceptance import tab_to
from tests.factories import PASSWORD, next_totp_code

MARKDOWN = """# Purpose

This policy sets rules for facial recognition by the police.

Officers must record why each search is made.

# Limits

Live facial recognition is not used in public places.

Every search is logged and reviewed each month."""


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def _press(page: Page, role: str, name: str, **kwargs) -> None:
    tab_to(page, role, name, **kwargs)
    page.keyboard.press("Enter")


def _type_into(page: Page, label: str, text: str, replace: bool = False) -> None:
    tab_to(page, "textbox", label)
    if replace:
        page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _sign_in(page: Page, base_url: str, user) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/account/login")
    _type_into(page, "Email address", user.email)
    _type_into(page, "Password", PASSWORD)
    page.keyboard.press("Enter")
    if has_second_factor(user.email):
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
        _type_into(page, "Code", next_totp_code(user.email))
        page.keyboard.press("Enter")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account")
    ).to_be_visible()


def test_codrafting_journey(page: Page, base_url, factories, js):
    official = factories.user("official", name="Ola Official")
    consultation = factories.consultation(
        "open", title="Rules for police use of facial recognition", official=official
    )
    rosa = factories.user(name="Rosa Resident")
    sam = factories.user(name="Sam Supporter")
    kim = factories.user(name="Kim Critic")
    slug = consultation.slug
    draft_url = f"{base_url}/consultations/{slug}/draft"

    # The official imports the Markdown draft and publishes version 1.
    _sign_in(page, base_url, official)
    page.goto(draft_url)
    _heading(page, "Edit the draft")
    _type_into(page, "Title of the draft", "Facial recognition policy")
    _type_into(page, "The draft, in Markdown", MARKDOWN)
    _press(page, "button", "Import")
    expect(
        page.get_by_text("Live facial recognition is not used in public places.")
    ).to_be_visible()  # noqa: E501
    assert_accessible(page)
    _type_into(page, "What changed", "First draft for comment.")
    _press(page, "button", "Publish version 1")
    expect(page.get_by_text("Version 1, published")).to_be_visible()
    page.goto(draft_url)
    _heading(page, "Facial recognition policy")
    draft = draft_for(consultation)
    assert draft.current_version_number == 1
    clause_draft = clause(draft, 3)
    assert clause_draft.text == "Live facial recognition is not used in public places."

    # Kim writes an amendment to clause 3 against version 1 (it will go out of date).
    late = factories.amendment(
        clause_draft,
        author=kim,
        text="Live facial recognition is not used at protests.",
        rationale="Protests matter most.",
    )
    rejected = factories.amendment(
        clause(draft, 4), author=kim, kind="delete", rationale="Logging is bureaucracy."
    )

    # Rosa proposes an amendment to clause 3, from the draft page.
    _sign_in(page, base_url, rosa)
    page.goto(draft_url)
    _press(page, "link", "1 amendment to clause 3")
    _heading(page, "Clause 3")
    _press(page, "link", "Propose an amendment")
    _heading(page, "Propose an amendment to clause 3")
    _type_into(page, "Your wording", "Live facial recognition is never used.", replace=True)
    _type_into(page, "Why?", "Public places are not the only places that matter.")
    _press(page, "button", "Publish your amendment")
    _heading(page, re.compile(r"Amendment \d+ to clause 3"))
    amendment_url = page.url.split("#")[0]
    change = page.locator("section", has=page.get_by_role("heading", name="The change"))
    expect(change.locator(".diff")).to_contain_text("[removed: not] [added: never]")

    # Sam supports it (an htmx swap with JavaScript on, a plain form without).
    _sign_in(page, base_url, sam)
    page.goto(amendment_url)
    assert_accessible(page)
    _press(page, "button", "Support this amendment")
    expect(page.locator("#support")).to_contain_text("You support this amendment.")
    expect(page.locator("#support .support-count")).to_have_text("1 support")
    if js:
        expect(page.locator("#support [role=status]")).to_contain_text("1 support.")
        expect(page.get_by_role("button", name="Remove your support")).to_be_focused()
    assert_accessible(page)

    # The official accepts it: version 2 is published, credited to Rosa's amendment.
    _sign_in(page, base_url, official)
    page.goto(amendment_url)
    _press(page, "link", "Accept or reject")
    _heading(page, re.compile(r"Decide on Amendment \d+ to clause 3"))
    _press(page, "button", "Accept and publish version 2")
    expect(page.locator(".flash-list")).to_contain_text("version 2 of the draft is published")
    expect(page.get_by_text("Accepted on")).to_be_visible()
    assert_accessible(page)
    page.goto(draft_url)
    _heading(page, "Facial recognition policy")
    credit = page.get_by_text("This version accepts an amendment by Rosa Resident:")
    expect(credit).to_be_visible()
    expect(page.locator("#clause-3")).to_contain_text("Live facial recognition is never used.")

    # The diff from version 1 to version 2 shows exactly that change.
    _press(page, "link", "What changed since version 1")
    _heading(page, "Changes from version 1 to version 2")
    expect(page.locator("#diff-summary")).to_contain_text("1 part changed")
    expect(page.locator("#diff-summary")).to_contain_text("0 added")
    expect(page.locator("#diff-summary")).to_contain_text("0 removed")
    changes = page.locator(".draft-change")
    expect(changes).to_have_count(1)
    expect(changes.first).to_contain_text("Clause 3")
    expect(changes.first.locator(".diff")).to_contain_text("[removed: not] [added: never]")
    expect(changes.first.locator(".diff")).to_contain_text("in public places.]")

    # Kim's amendment, written against version 1, is flagged out of date; accepting it
    # would show all three texts.
    page.goto(f"{base_url}/amendments/{late.id}")
    _heading(page, f"Amendment {late.id} to clause 3")
    expect(page.locator(".badge", has_text="Out of date")).to_be_visible()
    expect(page.locator("#out-of-date")).to_contain_text("the clause has changed since")
    _press(page, "link", "Accept or reject")
    _heading(page, f"Decide on Amendment {late.id} to clause 3")
    expect(page.get_by_role("heading", name="Three texts")).to_be_visible()

    # The official rejects Kim's other amendment with a reason everyone can read.
    page.goto(f"{base_url}/amendments/{rejected.id}/decide")
    _heading(page, f"Decide on Amendment {rejected.id} to clause 4")
    _type_into(page, "Why is it rejected?", "Logs are how we check every search.")
    _press(page, "button", "Reject the amendment")
    expect(page.locator(".flash-list")).to_contain_text("Amendment rejected.")
    page.context.clear_cookies()
    page.goto(f"{base_url}/amendments/{rejected.id}")
    _heading(page, f"Amendment {rejected.id} to clause 4")
    expect(page.get_by_text("Logs are how we check every search.")).to_be_visible()
    expect(page.locator(".badge", has_text="Rejected")).to_be_visible()
