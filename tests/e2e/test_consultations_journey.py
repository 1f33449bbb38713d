"""Consultations and proposals in a real browser, with JavaScript on and off.

An official drafts, previews and publishes; a resident finds a consultation, proposes,
supports, edits and withdraws. axe runs after every page load and every htmx swap.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from engage.database import utcnow
from engage.extensions import db
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, sign_in
from tests.factories import PASSWORD

TITLE = "Rules for police use of drones"
SUMMARY = "Should the police fly camera drones over the city, and under which rules?"
EASY_READ = "The police want small flying cameras.\n\nTell us what you think."
BODY = "## Why we ask\n\nDrones are cheap.\n\n## The draft rules\n\n- no drones over homes"


def _local(days: int) -> str:
    """A datetime-local value (the test site runs in UTC)."""
    return (utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _accept_confirmations(page: Page) -> None:
    """data-confirm asks before sending (JavaScript on); say yes."""
    page.on("dialog", lambda dialog: dialog.accept())


def _fill_consultation(page: Page, opens_in_days: int, easy_read: str = EASY_READ) -> None:
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Topic").select_option(label="AI and algorithms")
    page.get_by_label("Contact").fill("drones@police.example.gov")
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("Easy-read summary").fill(easy_read)
    page.get_by_label("Full text").fill(BODY)
    page.get_by_label("How people's input will be used").fill("We answer every proposal.")
    page.get_by_label("Opens at").fill(_local(opens_in_days))
    page.get_by_label("Closes at").fill(_local(opens_in_days + 30))
    page.get_by_label("Supports needed for an official response").fill("25")


def test_an_official_drafts_previews_and_publishes(page, js, base_url, factories):
    _accept_confirmations(page)
    official = factories.user("official", name="Olu Official")
    sign_in(page, base_url, official.email, PASSWORD)
    page.get_by_role("link", name="Start a consultation").click()
    expect_page(page, "Start a consultation", "/consultations/new")

    # Nothing typed is lost when something is missing.
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter a title.")
    if js:
        expect(summary).to_be_focused()
    expect(page.get_by_label("Summary", exact=True)).to_have_value(SUMMARY)
    assert_accessible(page)

    # Publishing needs an easy-read summary.
    _fill_consultation(page, opens_in_days=3, easy_read="")
    page.get_by_role("button", name="Save and publish").click()
    expect(summary).to_contain_text("Write an easy-read summary before publishing.")
    expect(page.get_by_label("Full text")).to_have_value(BODY)
    assert_accessible(page)

    # A draft: only officials see it, as a preview.
    page.get_by_label("Easy-read summary").fill(EASY_READ)
    page.get_by_role("button", name="Save draft").click()
    expect_page(page, TITLE, "/consultations/rules-for-police-use-of-drones/preview")
    expect(page.get_by_text("Preview — not published")).to_be_visible()
    expect(page.get_by_role("heading", name="Easy read: what this is about")).to_be_visible()
    expect(page.get_by_role("heading", name="Why we ask")).to_be_visible()

    page.get_by_role("link", name="Edit the draft").click()
    expect_page(page, f"Edit: {TITLE}")
    expect(page.get_by_label("Easy-read summary")).to_have_value(EASY_READ)
    page.get_by_role("link", name="Preview").click()
    expect_page(page, TITLE)

    page.get_by_role("button", name="Publish this consultation").click()
    expect_page(page, TITLE, "/consultations/rules-for-police-use-of-drones")
    flash(page, "The consultation is published.")
    expect(page.get_by_text("Preview — not published")).to_have_count(0)
    # It opens by its dates: upcoming now, and it says when it opens.
    expect(page.locator(".badge").first).to_have_text("Upcoming")
    expect(page.get_by_role("main")).to_contain_text("This consultation opens on")
    expect(page.get_by_role("link", name="Make a proposal")).to_have_count(0)

    # The dates arrive: it is open, with nobody pressing a button.
    from engage.consultations.models import Consultation

    consultation = db.session.scalar(db.select(Consultation))
    consultation.opens_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    page.reload()
    expect(page.locator(".badge").first).to_have_text("Open")
    expect(page.get_by_role("main")).to_contain_text("Open until")
    assert_accessible(page)

    page.goto(base_url + "/consultations/?status=open")
    expect_page(page, "Consultations")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_a_resident_finds_proposes_supports_edits_and_withdraws(page, js, base_url, factories):
    _accept_confirmations(page)
    resident = factories.user(name="Rosa Resident")
    consultation = factories.consultation("open", title="Smart streetlight sensors")
    factories.consultation("closed", title="Risk scores in welfare")
    other = factories.proposal(consultation, title="Count bikes, not faces")
    for _ in range(2):
        factories.support(other)
    sign_in(page, base_url, resident.email, PASSWORD)

    # Finding: the list filters in place with JavaScript, by a form submit without.
    page.goto(base_url + "/consultations/")
    expect_page(page, "Consultations", "/consultations/")
    count = page.locator("#result-count")
    expect(count).to_have_text("2 consultations found.")
    page.get_by_label("Status").select_option("open")
    if js:
        expect(count).to_have_text("1 consultation found.")  # no click needed
    else:
        page.get_by_role("button", name="Show consultations").click()
        expect(count).to_have_text("1 consultation found.")
    expect(page).to_have_url(re.compile(r"status=open"))
    expect(page.get_by_role("link", name="Risk scores in welfare")).to_have_count(0)
    assert_accessible(page)
    page.locator("#main").get_by_role("link", name="Smart streetlight sensors").click()
    expect_page(page, "Smart streetlight sensors")

    # Proposing: an empty form comes back with the reason; then it is published.
    page.get_by_role("link", name="Make a proposal").click()
    expect_page(page, "Make a proposal")
    page.get_by_label("Your proposal").fill("Dim the lights after midnight.")
    page.get_by_role("button", name="Publish your proposal").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a title.")
    expect(page.get_by_label("Your proposal")).to_have_value("Dim the lights after midnight.")
    assert_accessible(page)
    page.get_by_label("Title").fill("Dim the lights at night")
    page.get_by_role("button", name="Publish your proposal").click()
    expect_page(page, "Dim the lights at night", re.compile(r"/proposals/\d+$"))
    flash(page, "Your proposal is published.")
    expect(page.get_by_role("main")).to_contain_text("You can't support your own proposal.")

    # Editing freely while nobody has reacted.
    page.get_by_role("link", name="Edit your proposal").click()
    expect_page(page, "Edit your proposal")
    page.get_by_label("Title").fill("Dim the lights after midnight")
    page.get_by_role("button", name="Save your changes").click()
    expect_page(page, "Dim the lights after midnight")
    expect(page.get_by_role("link", name=re.compile("Earlier versions"))).to_have_count(0)

    # Supporting someone else's proposal: in place with JavaScript, a reload without.
    page.locator("#main").get_by_role("link", name="Smart streetlight sensors").click()
    expect_page(page, "Smart streetlight sensors")
    # The whole list, with its sort, is the consultation's proposals page (the hub).
    tabs = page.get_by_role("navigation", name="Parts of this consultation")
    tabs.get_by_role("link", name="Proposals (2)").click()
    expect_page(page, "Smart streetlight sensors", f"/consultations/{consultation.slug}/proposals")
    if js:
        sort = page.get_by_role("navigation", name="Sort proposals")
        sort.get_by_role("link", name="Newest").click()
        expect(page.get_by_role("heading", name="Proposals (2)")).to_be_focused()
        expect(page).to_have_url(re.compile(r"proposals=newest"))
        assert_accessible(page)
    page.get_by_role("link", name="Count bikes, not faces").click()
    expect_page(page, "Count bikes, not faces")
    if js:
        page.evaluate("window.notReloaded = true")
    support = page.locator("#support")
    support.get_by_role("button", name="Support this proposal").click()
    remove = support.get_by_role("button", name="Remove your support")
    expect(remove).to_be_visible()
    expect(support).to_contain_text("3 supports")
    if js:
        expect(support.get_by_role("status")).to_have_text("You support this proposal. 3 supports.")
        expect(remove).to_be_focused()
        assert page.evaluate("window.notReloaded === true")
    else:
        expect(page).to_have_url(re.compile(r"#support$"))
        expect(support).to_contain_text("You support this proposal.")
    assert_accessible(page)
    remove.click()
    expect(support.get_by_role("button", name="Support this proposal")).to_be_visible()
    expect(support).to_contain_text("2 supports")
    assert_accessible(page)

    # Withdrawing: asked first (JavaScript on), never deleted.
    page.locator("#main").get_by_role("link", name="Smart streetlight sensors").click()
    page.get_by_role("link", name="Dim the lights after midnight").click()
    page.get_by_role("link", name="Withdraw your proposal").click()
    expect_page(page, "Withdraw your proposal")
    page.get_by_label("Why are you withdrawing it? (optional)").fill("Another proposal covers it.")
    page.get_by_role("button", name="Withdraw this proposal").click()
    expect_page(page, "Dim the lights after midnight")
    expect(page.get_by_role("main")).to_contain_text("Withdrawn by the author on")
    expect(page.get_by_role("main")).to_contain_text("Another proposal covers it.")
