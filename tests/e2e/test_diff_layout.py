"""Issue 22, defect 11, in a real browser: on the page of changes between two versions of
a draft, struck and added words don't touch ("~~90~~30" read as "9030") and changed
clauses have space between them."""

from __future__ import annotations

from playwright.sync_api import Page

from engage.drafts import service as drafting
from engage.drafts.queries import clause_by_number
from engage.extensions import db
from tests.e2e.axe import assert_accessible

BOXES = """() => Array.from(document.querySelectorAll('.draft-change--changed'), li => {
  const box = li.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom};
})"""

# Each <del> right before an <ins> (only spaces between): the gap between their text.
GAPS = """() => Array.from(document.querySelectorAll('.draft-diff del'))
  .filter(del => {
    let next = del.nextSibling;
    while (next && next.nodeType === 3 && !next.textContent.trim()) next = next.nextSibling;
    return next && next.tagName === 'INS';
  })
  .map(del => {
    const ins = del.nextElementSibling;
    const a = del.getBoundingClientRect(), b = ins.getBoundingClientRect();
    const rtl = getComputedStyle(del).direction === 'rtl';
    return {text: del.textContent + '|' + ins.textContent,
            gap: rtl ? a.left - b.right : b.left - a.right};
  })"""


def test_changes_are_apart_from_each_other(page: Page, base_url, factories):
    official = factories.user("official")
    draft = factories.draft(
        markdown="# Retention\n\nFootage is kept for 90 days.\n\nLogs are kept for 12 months.",
        official=official,
    )
    for number, text in ((1, "Footage is kept for 30 days."), (2, "Logs are kept for 6 months.")):
        drafting.edit_clause(clause_by_number(draft, number), official, text)
    drafting.publish_version(draft, official, "Shorter")
    db.session.commit()

    page.goto(f"{base_url}/consultations/{draft.consultation.slug}/draft/diff?from=1&to=2")
    boxes = page.evaluate(BOXES)
    assert len(boxes) == 2
    assert boxes[1]["top"] - boxes[0]["bottom"] >= 8, f"changed clauses touch: {boxes}"
    gaps = page.evaluate(GAPS)
    assert [g["text"] for g in gaps] == ["[removed: 90]|[added: 30]", "[removed: 12]|[added: 6]"]
    assert all(g["gap"] >= 3 for g in gaps), f"struck and added words touch: {gaps}"
    assert_accessible(page)
