"""Issue 22, defect 11, in a real browser: on the page of changes between two versions of
a draft, struck and added words don't touch ("~~90~~30" read as "9030") and changed
clauses have space between them."""

from __future__ import annotations

from playwright.sync_api import Page

from engage.drafts import service as drafting
from engage.drafts.queries import clause_by_number
from engage.extensions import db
from engage.i18n import LANG_COOKIE
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


DIRECTIONS = """() => Array.from(document.querySelectorAll('.draft-diff'),
  el => getComputedStyle(el).direction)"""

# In a right-to-left clause: is each removal read before (right of) its replacement?
ORDER = """() => Array.from(document.querySelectorAll('.draft-diff del')).map(del => {
  const ins = del.nextElementSibling;
  return del.getBoundingClientRect().left >= ins.getBoundingClientRect().right;
})"""


def _draft_with_changes(factories, clauses: list[tuple[str, str]]):
    official = factories.user("official")
    markdown = "# Retention\n\n" + "\n\n".join(old for old, _new in clauses)
    draft = factories.draft(markdown=markdown, official=official)
    for number, (_old, new) in enumerate(clauses, start=1):
        drafting.edit_clause(clause_by_number(draft, number), official, new)
    drafting.publish_version(draft, official, "Changed")
    db.session.commit()
    return f"/consultations/{draft.consultation.slug}/draft/diff?from=1&to=2"


def test_each_clause_keeps_its_own_direction_in_the_diff(page: Page, base_url, factories):
    """Issue 22, defect 10: the words "[removed:" and "[added:", there for screen readers,
    decided the direction of a clause that starts with a change; and English words changed
    inside an Arabic clause ran together, the addition read before the removal."""
    path = _draft_with_changes(
        factories,
        [
            ("يُحذف الفيديو بعد 90 يومًا.", "يُمسح الفيديو بعد 30 يومًا."),
            ("تستخدم الشرطة نظام Clearview AI فقط.", "تستخدم الشرطة نظام FaceFirst فقط."),
            ("Footage is kept for 90 days.", "Video is kept for 30 days."),
        ],
    )
    page.goto(base_url + path)  # English interface
    assert page.evaluate(DIRECTIONS) == ["rtl", "rtl", "ltr"]
    assert page.evaluate(ORDER)[:3] == [True, True, True]

    page.context.add_cookies([{"name": LANG_COOKIE, "value": "ar", "url": base_url}])
    page.goto(base_url + path)  # Arabic interface: its labels must not turn English clauses
    assert page.evaluate(DIRECTIONS) == ["rtl", "rtl", "ltr"]
    assert_accessible(page)
