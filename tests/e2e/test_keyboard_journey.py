"""Issue 22: a resident's journey with the keyboard only, JavaScript on — support, take the
support back, follow, unfollow, vote, change the vote, reply and edit — using Tab,
Shift+Tab, Enter and Space (and typing the text). After every swap and every boosted
navigation: where focus is, that the control just used is still in the Tab order, and
that Tab reaches every control in <main>."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from engage.extensions import db
from engage.notifications import service as notifications
from tests.e2e.helpers import sign_in
from tests.e2e.keyboard import assert_in_tab_order, assert_tab_reaches_every_control, tab_to
from tests.factories import PASSWORD


def _focused_button(page: Page, name: str):
    button = page.locator("main").get_by_role("button", name=name, exact=True)
    expect(button).to_be_focused()
    return button


def _checked(page: Page, control) -> None:
    """After a swap: the control kept focus, Tab still reaches it and every other control."""
    assert_in_tab_order(page, control)
    assert_tab_reaches_every_control(page)


def _arrived(page: Page, heading: str) -> None:
    """After a boosted navigation: the new page's h1 has focus, its title is spoken."""
    h1 = page.locator("main h1")
    expect(h1).to_have_text(heading)
    expect(h1).to_be_focused()
    expect(page.locator("#js-announce")).to_have_text(page.title())
    assert_tab_reaches_every_control(page)


def test_resident_journey_with_the_keyboard_only(page: Page, base_url, factories):
    consultation = factories.consultation(title="Cameras on buses")
    amina = factories.user(name="Amina K.")
    proposal = factories.proposal(consultation, author=amina, title="Delete video after a week")
    factories.comment(consultation, author=amina, body="Who watches the video?")
    resident = factories.user(name="Jo Resident")
    factories.comment(consultation, author=resident, body="Drivers should see it too.")
    notifications.unfollow(resident, "consultation", consultation.id)  # commenting followed it
    db.session.commit()
    sign_in(page, base_url, resident.email, PASSWORD)
    page.goto(base_url + "/")

    # Open the consultation from the home page.
    tab_to(page, "link", consultation.title)
    page.keyboard.press("Enter")
    _arrived(page, consultation.title)

    # Follow, then unfollow.
    tab_to(page, "button", "Follow")
    page.keyboard.press("Enter")
    _checked(page, _focused_button(page, "Unfollow"))
    expect(page.locator(f"#follow-consultation-{consultation.id}-status")).to_have_text(
        "You follow this now. Notices about it appear under Notifications."
    )
    page.keyboard.press("Space")
    _checked(page, _focused_button(page, "Follow"))
    expect(page.locator(f"#follow-consultation-{consultation.id}-status")).to_have_text(
        "You no longer follow this."
    )

    # The comments are on the consultation's discussion page (the hub's tabs, issue 22).
    tab_to(page, "link", "Discussion (2)")
    page.keyboard.press("Enter")
    _arrived(page, consultation.title)

    # Agree with Amina's comment, then change to disagree.
    tab_to(page, "button", "Agree with Amina K.'s comment")
    page.keyboard.press("Space")
    # The name says what the count means (compact controls, issue 22).
    agree = page.locator("main").get_by_role(
        "button", name="Agree with Amina K.'s comment (1 person agrees)"
    )
    expect(agree).to_have_attribute("aria-pressed", "true")
    _checked(page, agree)
    tab_to(page, "button", "Disagree with Amina K.'s comment")
    page.keyboard.press("Enter")
    disagree = page.locator("main").get_by_role(
        "button", name="Disagree with Amina K.'s comment (1 person disagrees)"
    )
    expect(disagree).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#comments-status")).to_contain_text("you disagree")
    _checked(page, disagree)

    # Reply to Amina: the inline box takes focus; the posted reply takes it after.
    tab_to(page, "link", "Reply to Amina K.")
    page.keyboard.press("Enter")
    box = page.get_by_label("Your reply to Amina K.")
    _checked(page, box)
    page.keyboard.type("A named officer, and it is logged.")
    tab_to(page, "button", "Post your reply")
    page.keyboard.press("Enter")
    # The reply's own article: the innermost (last) one that holds its text.
    reply = page.locator("article.comment", has_text="A named officer, and it is logged.").last
    expect(reply).to_be_focused()
    expect(page.locator("#comments-status")).to_have_text("Your reply is posted.")
    assert_tab_reaches_every_control(page)

    # Edit my own comment in place.
    tab_to(page, "link", "Edit your comment")
    page.keyboard.press("Enter")
    box = page.locator(".comment__main textarea")
    _checked(page, box)
    page.keyboard.type(" Yes, and the public too.")  # added where the caret is: the end
    tab_to(page, "button", "Save changes")
    page.keyboard.press("Enter")
    edited = page.locator(".comment__main", has_text="Yes, and the public too.")
    expect(edited).to_be_focused()
    expect(page.locator("#comments-status")).to_have_text("Your changes are saved.")
    assert_tab_reaches_every_control(page)

    # Back up the page to the proposals tab, open the proposal, support it and take the
    # support back.
    tab_to(page, "link", "Proposals (1)", backwards=True)
    page.keyboard.press("Enter")
    _arrived(page, consultation.title)
    tab_to(page, "link", proposal.title)
    page.keyboard.press("Enter")
    _arrived(page, proposal.title)
    tab_to(page, "button", "Support this proposal")
    page.keyboard.press("Enter")
    _checked(page, _focused_button(page, "Remove your support"))
    expect(page.locator("#support-status")).to_have_text("You support this proposal. 1 support.")
    page.keyboard.press("Space")
    _checked(page, _focused_button(page, "Support this proposal"))
    expect(page.locator("#support-status")).to_have_text(
        "You no longer support this proposal. 0 supports."
    )
