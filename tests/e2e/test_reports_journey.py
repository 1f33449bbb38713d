"""Reports and held content in a real browser, with JavaScript on and off: three residents
report a comment and it is hidden behind a placeholder that says why; a new account's
first post waits for review, seen by its author only. axe-core after every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, sign_in, sign_out
from tests.factories import PASSWORD
from tests.moderation.intake_helpers import configured

PLACEHOLDER = "Hidden after 3 reports, waiting for a moderator."


def _main(page: Page, text: str):
    return page.locator(".comment__main", has_text=text)


def _report(page: Page, base_url: str, slug: str, detail: str, first: bool) -> None:
    page.goto(f"{base_url}/consultations/{slug}/discussion")  # the hub's thread
    comment = _main(page, "555-0100")
    comment.get_by_role("link", name="Report this to the moderators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this to the moderators")
    expect(page.locator(".report-excerpt")).to_contain_text("555-0100")
    assert_accessible(page)
    if first:  # no reason chosen: the form comes back with the detail kept
        page.get_by_label("Anything the moderators should know? (optional)").fill(detail)
        page.get_by_role("button", name="Send report").click()
        expect(page.locator(".error-summary")).to_contain_text("Choose a reason.")
        expect(page.get_by_label("Anything the moderators should know? (optional)")).to_have_value(
            detail
        )
        assert_accessible(page)
    page.get_by_label("Personal information about someone").check()
    page.get_by_label("Anything the moderators should know? (optional)").fill(detail)
    page.get_by_role("button", name="Send report").click()
    flash(page, "Thank you. Your report was sent to the moderators.")
    expect(page).to_have_url(re.compile(r"/comments/\d+(#comment-\d+)?$"))
    assert_accessible(page)


def test_three_reports_hide_a_comment_behind_a_placeholder(page: Page, base_url, factories, js):
    consultation = factories.consultation(title="Rules for police use of facial recognition")
    author = factories.user(name="Grumpy Gus")
    factories.comment(
        consultation, author=author, body="Call him at 555-0100, he lives at 4 Elm St."
    )
    factories.comment(consultation, body="Cameras need a warrant.")
    reporters = [factories.user(name=f"Reporter {n}") for n in range(3)]

    for n, reporter in enumerate(reporters):
        sign_in(page, base_url, reporter.email, PASSWORD)
        _report(page, base_url, consultation.slug, f"A phone number and address ({n}).", n == 0)
        sign_out(page)

    page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")
    hidden = page.locator(".comment__main", has_text=PLACEHOLDER)
    expect(hidden).to_be_visible()
    expect(hidden).to_contain_text("Hidden comment")
    expect(page.locator("main")).not_to_contain_text("555-0100")
    expect(_main(page, "Cameras need a warrant.")).to_be_visible()  # the rest stays
    assert_accessible(page)

    # Its author still reads it, with the reason.
    sign_in(page, base_url, author.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")
    mine = _main(page, "555-0100")
    expect(mine).to_contain_text("Hidden")
    expect(mine).to_contain_text(PLACEHOLDER)
    assert_accessible(page)


def test_a_new_accounts_first_post_waits_for_review(page: Page, base_url, app, factories, js):
    consultation = factories.consultation(title="Rules for police use of facial recognition")
    newcomer = factories.user(name="New Nadia")
    neighbour = factories.user(name="Old Olga")

    with configured(app, MODERATION_NEW_ACCOUNT_POSTS=1):
        sign_in(page, base_url, newcomer.email, PASSWORD)
        page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")
        form = page.locator("form.comment-form")
        form.get_by_label("Your comment").fill("My very first comment here.")
        form.get_by_role("button", name="Post your comment").click()
        mine = _main(page, "My very first comment here.")
        expect(mine).to_contain_text("Awaiting review")
        expect(mine).to_contain_text("Only you and the moderators can see it.")
        assert_accessible(page)
        page.reload()
        expect(_main(page, "My very first comment here.")).to_contain_text("Awaiting review")
        sign_out(page)

        sign_in(page, base_url, neighbour.email, PASSWORD)
        page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")
        expect(page.locator("main")).not_to_contain_text("My very first comment here.")
        assert_accessible(page)
