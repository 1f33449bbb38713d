"""Issue 22, residents' defects 1, 2 and 5, with JavaScript on: where focus goes after htmx
swaps and boosted navigations, whether Tab still reaches the controls, and whether the
confirmations are spoken (live regions that stay in the page and change their text).
The keyboard-only journey is in ``test_keyboard_journey.py``."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from engage.drafts.queries import clause_by_number
from tests.e2e.helpers import main_nav, sign_in
from tests.e2e.keyboard import assert_in_tab_order, assert_tab_reaches_every_control
from tests.factories import PASSWORD


def _world(factories):
    """An open consultation with a proposal, an amendment and comments by someone else, a
    comment of the resident's own, and the resident."""
    consultation = factories.consultation(title="Cameras on buses")
    amina = factories.user(name="Amina K.")
    proposal = factories.proposal(consultation, author=amina, title="Delete video after a week")
    draft = factories.draft(consultation)
    amendment = factories.amendment(clause_by_number(draft, 1), author=amina)
    factories.comment(consultation, author=amina, body="Who watches the video?")
    resident = factories.user(name="Jo Resident")
    factories.comment(consultation, author=resident, body="Drivers should see it too.")
    return consultation, proposal, amendment, resident


def _main(page: Page, text: str):
    return page.locator(".comment__main", has_text=text)


def test_controls_stay_in_the_tab_order_after_htmx_updates(page: Page, base_url, factories):
    """Defect 1: after each htmx action the control is focused and Tab can reach it again."""
    consultation, proposal, amendment, resident = _world(factories)
    sign_in(page, base_url, resident.email, PASSWORD)

    # Supporting a proposal, and taking the support back.
    page.goto(f"{base_url}/proposals/{proposal.id}")
    support = page.locator("#support")
    support.get_by_role("button", name="Support this proposal").click()
    assert_in_tab_order(page, support.get_by_role("button", name="Remove your support"))
    support.get_by_role("button", name="Remove your support").click()
    assert_in_tab_order(page, support.get_by_role("button", name="Support this proposal"))

    # Supporting an amendment.
    page.goto(f"{base_url}/amendments/{amendment.id}")
    support.get_by_role("button", name="Support this amendment").click()
    assert_in_tab_order(page, support.get_by_role("button", name="Remove your support"))

    # Unfollowing the consultation (commenting followed it), and following it again.
    page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")  # the hub's thread
    page.get_by_role("button", name="Unfollow").click()
    assert_in_tab_order(page, page.get_by_role("button", name="Follow", exact=True))
    page.get_by_role("button", name="Follow", exact=True).click()
    assert_in_tab_order(page, page.get_by_role("button", name="Unfollow"))

    # Agreeing, then disagreeing, with Amina's comment.
    comment = _main(page, "Who watches the video?")
    comment.get_by_role("button", name=re.compile("^Agree")).click()
    agree = comment.get_by_role("button", name=re.compile("^Agree"))
    expect(agree).to_have_attribute("aria-pressed", "true")
    assert_in_tab_order(page, agree)
    comment.get_by_role("button", name=re.compile("^Disagree")).click()
    disagree = comment.get_by_role("button", name=re.compile("^Disagree"))
    expect(disagree).to_have_attribute("aria-pressed", "true")
    assert_in_tab_order(page, disagree)

    # The inline reply box and the inline edit box.
    page.get_by_role("link", name="Reply to Amina K.").click()
    assert_in_tab_order(page, page.get_by_label("Your reply to Amina K."))
    _main(page, "Drivers should see it too.").get_by_role("link", name="Edit your comment").click()
    assert_in_tab_order(page, page.locator(".comment__main textarea"))
    assert_tab_reaches_every_control(page)


def test_boosted_navigation_focuses_the_heading_and_announces_the_title(
    page: Page, base_url, factories
):
    """Defect 2: a followed link (hx-boost) puts focus on the new page's h1 and speaks its
    title, as a page load does without JavaScript; never deep in the page."""
    consultation, proposal, _amendment, resident = _world(factories)
    page.goto(base_url + "/")

    def arrived(heading: str) -> None:
        h1 = page.locator("main h1")
        expect(h1).to_have_text(heading)
        expect(h1).to_be_focused()
        expect(page.locator("#js-announce")).to_have_text(page.title())

    page.get_by_role("link", name=consultation.title).click()
    arrived(consultation.title)
    assert_tab_reaches_every_control(page)
    page.get_by_role("link", name=proposal.title).click()
    arrived(proposal.title)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Consultations").click()
    arrived("Consultations")

    # A form that redirects (signing in): the new page's heading, and its message spoken.
    main_nav(page).get_by_role("link", name="Sign in").click()
    arrived("Sign in")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main h1")).to_be_focused()
    expect(page.locator("#js-announce")).to_contain_text(page.title())
    flash = page.locator(".flash-list").inner_text().split("\n")[0]
    expect(page.locator("#js-announce")).to_contain_text(flash.strip())


def test_confirmations_change_the_text_of_live_regions_already_in_the_page(
    page: Page, base_url, factories
):
    """Defect 5: the status line is in the page before the action and keeps its place;
    only its text changes (a region inserted already filled may never be read out)."""
    consultation, proposal, amendment, resident = _world(factories)
    sign_in(page, base_url, resident.email, PASSWORD)

    def same_region_says(region_selector: str, press, text: str) -> None:
        region = page.locator(region_selector)
        expect(region).to_have_count(1)
        expect(region).to_have_text("")
        region.evaluate("el => { el.dataset.before = 'yes'; }")
        press()
        expect(region).to_have_text(text)
        assert region.evaluate("el => el.dataset.before") == "yes", (
            f"{region_selector} was replaced, not updated"
        )

    page.goto(f"{base_url}/proposals/{proposal.id}")
    same_region_says(
        f"#follow-proposal-{proposal.id} [role=status]",
        lambda: page.get_by_role("button", name="Follow", exact=True).click(),
        "You follow this now. Notices about it appear under Notifications.",
    )
    same_region_says(
        "#support [role=status]",
        lambda: page.get_by_role("button", name="Support this proposal").click(),
        "You support this proposal. 1 support.",
    )
    page.goto(f"{base_url}/amendments/{amendment.id}")
    same_region_says(
        "#support [role=status]",
        lambda: page.get_by_role("button", name="Support this amendment").click(),
        "You support this amendment. 1 support.",
    )
