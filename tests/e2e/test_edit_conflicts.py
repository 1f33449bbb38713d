"""Two officials edit the same clause in two browsers (issue 22, defect 15), JavaScript
on (the inline htmx editor) and off (the edit page): the second save is refused, the
error summary says so (focused after the swap), her text stays in the field beside his,
axe finds nothing on the conflict, and "Save mine over theirs" then saves hers."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from engage.drafts import queries
from engage.drafts.models import Clause
from engage.extensions import db
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in
from tests.e2e.keyboard import assert_tab_reaches_every_control
from tests.factories import PASSWORD

HIS = "It applies to the police and to private guards."
HERS = "It applies to every public body."


def _open_clause_editor(page: Page, base_url: str, slug: str) -> None:
    page.goto(f"{base_url}/consultations/{slug}/draft/edit")
    page.get_by_role("link", name="Edit Clause 2").click()
    expect(page.get_by_label("Text", exact=True)).to_be_visible()


def _save(page: Page, text: str, button: str = "Save Clause 2") -> None:
    field = page.get_by_label("Text", exact=True)
    field.fill(text)
    page.get_by_role("button", name=button).press("Enter")


def test_second_saver_sees_both_texts_and_chooses(page: Page, browser, base_url, factories, js):
    his, hers = factories.user("official"), factories.user("official", name="Rosa Reyes")
    consultation = factories.consultation("open", official=his)
    consultation.department_id = None  # open to every official
    draft = factories.draft(consultation, official=his)
    clause_id = queries.clause_by_number(draft, 2).id
    db.session.commit()
    other = browser.new_context(java_script_enabled=js).new_page()
    try:
        sign_in(other, base_url, his.email, PASSWORD)
        sign_in(page, base_url, hers.email, PASSWORD)
        _open_clause_editor(other, base_url, consultation.slug)
        _open_clause_editor(page, base_url, consultation.slug)

        _save(other, HIS)
        expect(other.get_by_text("Clause 2 is changed.")).to_be_visible()
        _save(page, HERS)
    finally:
        other.context.close()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Someone else saved a change to this while you were editing")
    if js:
        expect(summary).to_be_focused()
    else:
        expect(page).to_have_title(re.compile(r"^Error: "))
    conflict = page.get_by_role("region", name="Someone else changed this while you were editing")
    expect(conflict).to_contain_text(HIS)
    expect(conflict).to_contain_text("saved a change on")
    expect(page.get_by_label("Text", exact=True)).to_have_value(HERS)
    expect(page.get_by_role("link", name="Start from their version (discard mine)")).to_be_visible()
    assert_accessible(page)
    assert_tab_reaches_every_control(page)  # after the swap, too: every control is a stop
    page.set_viewport_size({"width": 320, "height": 800})  # side by side only when it fits
    width = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(width) <= 0
    db.session.expire_all()
    assert db.session.get(Clause, clause_id).text == HIS  # nothing of hers written yet

    page.get_by_role("button", name="Save mine over theirs Clause 2").press("Enter")
    expect(page.get_by_text("Clause 2 is changed.")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Clause, clause_id).text == HERS
