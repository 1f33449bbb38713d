"""Issue 19, "Done when", in a real browser with JavaScript on and off: a resident
comments, downloads the receipt from "Your contributions", 50 more submissions happen and
a new head is signed, and the receipt checked on /transparency/verify is included in
the latest signed head. axe runs on every page of the way."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from engage.extensions import db
from engage.ledger import service
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, main_nav, sign_in
from tests.factories import PASSWORD


def _sign_head() -> int:
    db.session.expire_all()
    head = service.sign_head()
    db.session.commit()
    return head.tree_size


def test_comment_receipt_fifty_more_then_verify(page: Page, base_url, factories, js, tmp_path):
    consultation = factories.consultation(title="Cameras on buses")
    resident = factories.user(name="Noor Resident")
    sign_in(page, base_url, resident.email, PASSWORD)

    page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")
    form = page.locator("form.comment-form")
    form.get_by_label("Your comment").fill("Delete the footage after a week.")
    form.get_by_role("button", name="Post your comment").click()
    expect(page.locator(".comment__main", has_text="Delete the footage")).to_be_visible()
    first_size = _sign_head()

    # Your account -> Your contributions -> the receipt, printable and as a file.
    main_nav(page).get_by_role("link", name="Your account").click()
    expect_page(page, "Your account")
    page.get_by_role("link", name="Your proposals, comments and amendments").click()
    expect_page(page, "Your contributions")
    expect(page.locator("#contributions")).to_contain_text("Delete the footage after a week.")
    page.locator("#contributions").get_by_role("link", name="Receipt for Comment").first.click()
    expect_page(page, "Receipt")
    expect(page.get_by_text("Included in the signed state of the log")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the receipt (JSON)").click()
    path = Path(tmp_path) / "receipt.json"
    download.value.save_as(path)
    receipt = json.loads(path.read_text(encoding="utf-8"))
    assert receipt["tree_size"] == first_size and receipt["inclusion_proof"] is not None

    # Fifty more submissions, and a head that includes them.
    other = factories.consultation(title="Cycle lanes")
    for n in range(50):
        factories.comment(other, body=f"Submission number {n}.")
    latest_size = _sign_head()
    assert latest_size >= first_size + 50

    # The footer's Public record page, then the check: pasted with JavaScript, as a file without.
    page.get_by_role("link", name="Public record").click()
    expect_page(page, "Public record")
    page.get_by_role("link", name="Check a receipt").first.click()
    expect_page(page, "Check a receipt")
    if js:
        page.get_by_label("Paste the receipt").fill(path.read_text(encoding="utf-8"))
    else:
        page.get_by_label("Or choose the receipt file").set_input_files(str(path))
    page.get_by_role("button", name="Check the receipt").click()
    result = page.locator("#verify-result")
    expect(result).to_contain_text("Valid receipt")
    expect(result).to_contain_text("included in the latest signed head")
    expect(result).to_contain_text(f"{latest_size} entries")
    assert_accessible(page)

    # A receipt changed by hand is not valid, and the page says why.
    forged = dict(receipt, head=dict(receipt["head"], signature="00" * 64))
    page.get_by_label("Paste the receipt").fill(json.dumps(forged))
    page.get_by_role("button", name="Check the receipt").click()
    expect(result).to_contain_text("This receipt is not valid, because the head's signature")
    assert_accessible(page)
