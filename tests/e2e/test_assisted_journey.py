"""Officials in a real browser: the live readability panel while writing (htmx), and a
CSV import of paper submissions with good and bad rows. axe after every load and swap."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, sign_in
from tests.factories import PASSWORD

HARD = (
    "The implementation of the aforementioned infrastructure modernisation programme "
    "necessitates comprehensive consultation with numerous stakeholders across multiple "
    "departments and local community organisations before the municipality subsequently "
    "evaluates the recommendations."
)
EASY = "We want to change the street lights. Tell us what you think."


def test_the_readability_panel_updates_as_the_official_types(page, js, base_url, factories):
    official = factories.user("official", name="Olu Official")
    consultation = factories.consultation("draft", official=official, summary="Short.")
    sign_in(page, base_url, official.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}/edit")
    expect_page(page, f"Edit: {consultation.title}")
    panel = page.locator("#summary-readability")
    expect(panel).to_have_attribute("role", "status")
    expect(panel).to_contain_text("1 sentence")  # computed on the server at first

    page.get_by_label("Summary", exact=True).fill(HARD)
    if js:
        # No button: the panel catches up half a second after typing stops.
        expect(panel).to_contain_text("1 sentence is longer than 25 words — split it.")
    else:
        page.get_by_role("button", name="Check readability").click()
        expect_page(page, f"Edit: {consultation.title}")
        expect(page.get_by_label("Summary", exact=True)).to_have_value(HARD)
    expect(panel).to_contain_text("Try ‘many’ instead of ‘numerous’.")
    expect(panel).to_contain_text("Reading ease 0 (very hard)")
    assert_accessible(page)

    page.get_by_label("Summary", exact=True).fill(EASY)
    if not js:
        page.get_by_role("button", name="Check readability").click()
    expect(panel).to_contain_text("Short sentences and everyday words: well done.")
    assert_accessible(page)
    # Checking saved nothing: the draft keeps its summary until it is saved.
    from engage.extensions import db

    db.session.refresh(consultation)
    assert consultation.summary == "Short."


def test_an_official_imports_paper_submissions(page, js, base_url, factories):
    official = factories.user("official", name="Olu Official")
    consultation = factories.consultation("open", title="Smart streetlight sensors")
    sign_in(page, base_url, official.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    page.get_by_role("link", name="Import paper submissions (CSV)").click()
    expect_page(page, "Import paper submissions", f"/consultations/{consultation.slug}/import")
    expect(page.get_by_role("link", name="Download the template (CSV)")).to_be_visible()

    # Not a CSV: refused as a whole, with the reason next to the field.
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\x00"}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".error-summary")).to_contain_text("This is not a CSV file")
    assert_accessible(page)

    today = date.today().isoformat()
    csv = (
        "kind,title,body,name,received_on,channel,proposal_id\n"
        f"proposal,Dim the lights after midnight,Save energy.,Maria G.,{today},,\n"
        "comment,,,,,,\n"
        "comment,,No cameras on the lamp posts.,,31/02/2026,,\n"
        "comment,,Please ask the residents first.,,,,\n"
    )
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "paper.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect_page(page, "Import result")
    status = page.get_by_role("status").filter(has_text="rows imported")
    expect(status).to_contain_text("2 rows imported")
    expect(status).to_contain_text("2 rows not imported")
    rejected = page.locator("#rejected-rows")
    expect(rejected).to_contain_text("Line 3: body is empty.")
    expect(rejected).to_contain_text("Line 4: received_on '31/02/2026' is not a date")
    expect(page.locator("#imported-rows")).to_contain_text("On paper")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the consultation").click()
    expect_page(page, "Smart streetlight sensors")
    expect(page.locator("#input-by-channel")).to_have_text("2 on paper")
    # The list with each proposal's byline is the consultation's proposals page (the hub).
    tabs = page.get_by_role("navigation", name="Parts of this consultation")
    tabs.get_by_role("link", name=re.compile(r"^Proposals \(")).click()
    expect_page(page, "Smart streetlight sensors", f"/consultations/{consultation.slug}/proposals")
    expect(page.get_by_role("main")).to_contain_text(
        "Submitted on paper by Maria G., recorded by Olu Official"
    )
    page.get_by_role("link", name="Dim the lights after midnight").click()
    expect_page(page, "Dim the lights after midnight")
    expect(page.get_by_role("main")).to_contain_text("On paper")

    # The same file again (issue 22, defect 16): nothing is added before the official
    # chooses; the check page names the earlier import and the rows already recorded.
    page.goto(f"{base_url}/consultations/{consultation.slug}/import")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "paper.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect_page(page, "Check before importing")
    expect(page.locator("#earlier-imports")).to_contain_text("Olu Official")
    expect(page.locator("#repeated-rows")).to_contain_text("Already recorded as proposal")
    expect(page.locator("#rejected-rows")).to_contain_text("Line 3: body is empty.")
    page.get_by_role("button", name="Import all 2 rows, the repeated ones too").click()
    expect_page(page, "Import result")
    expect(page.get_by_role("status").filter(has_text="rows imported")).to_contain_text(
        "2 rows imported"
    )
