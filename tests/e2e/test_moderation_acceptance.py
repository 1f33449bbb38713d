"""Issue 5's journey in a real browser, JavaScript on (htmx) and off (plain forms):

three residents report a comment → it is hidden with a placeholder; a moderator finds it
in the queue and confirms the hide under a rule; the author reads the reason and
appeals; a second moderator overturns, which restores it; the public log shows both
decisions and its CSV contains them; the audit log has them with their actors. axe-core
runs after every page and every swap.
"""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, main_nav, sign_in, sign_out
from tests.factories import PASSWORD

BODY = "Ask Dana, she lives at 12 Birch Road, flat 3."
NOTE = "It gives a private person's home address."
STATEMENT = "Dana is the councillor and that is her public office."


def _report(page: Page, base_url: str, reporter, comment_id: int) -> None:
    sign_in(page, base_url, reporter.email, PASSWORD)
    page.goto(f"{base_url}/comments/{comment_id}")
    page.locator(f"#comment-main-{comment_id}").get_by_role("link", name="Report").click()
    expect_page(page, "Report this to the moderators")
    page.get_by_label("Personal information about someone").check()
    page.get_by_role("button", name="Send report").click()
    flash(page, "Your report was sent to the moderators.")
    sign_out(page)


def test_report_hide_appeal_restore_public_log_and_audit(page: Page, base_url, factories, js):
    consultation = factories.consultation(title="Rules for police use of facial recognition")
    author = factories.user(name="Alex Author")
    comment = factories.comment(consultation, author=author, body=BODY)
    first = factories.user("moderator", name="Mo First")
    second = factories.user("moderator", name="Sky Second")
    admin = factories.user("admin", name="Ada Admin")

    for n in range(3):
        _report(page, base_url, factories.user(name=f"Resident {n}"), comment.id)

    # Everyone else now sees a placeholder that says why.
    page.goto(f"{base_url}/comments/{comment.id}")
    main = page.locator(f"#comment-main-{comment.id}")
    expect(main).to_contain_text("Hidden after 3 reports, waiting for a moderator.")
    expect(main).not_to_contain_text("Birch Road")
    assert_accessible(page)

    # The first moderator confirms the hide under rule 3.
    sign_in(page, base_url, first.email, PASSWORD)
    main_nav(page).get_by_role("link", name="Moderation").click()
    expect_page(page, "Moderation queue", "/moderation/queue")
    entry = page.locator(".queue-entry", has_text="Birch Road")
    expect(entry).to_contain_text("3 reports: Personal information about someone (3)")
    entry.get_by_role("link", name=re.compile(r"Open case \d+")).click()
    expect_page(page, re.compile(r"Case \d+"))
    page.get_by_role("button", name="Claim").click()
    expect(page.locator(".claim")).to_contain_text("You are working on this")
    assert_accessible(page)
    page.get_by_label("Hide it under a rule").check()
    page.get_by_label("Rule", exact=True).select_option(label="3. Personal information")
    page.get_by_label("Note to the author").fill(NOTE)
    page.get_by_role("button", name="Record the decision").click()
    if js:
        expect(page.locator("#decision")).to_contain_text("Decision recorded")
        expect(page.locator("#decision")).to_contain_text("rule 3 — Personal information")
        expect(page.get_by_role("heading", name="Decision recorded")).to_be_focused()
    else:
        flash(page, "Decision recorded.")
        expect(page).to_have_url(re.compile(r"/moderation/queue$"))
    assert_accessible(page)
    sign_out(page)

    # The author reads why, and appeals.
    sign_in(page, base_url, author.email, PASSWORD)
    page.goto(f"{base_url}/comments/{comment.id}")
    note = page.locator(f"#comment-main-{comment.id} .moderation-note")
    expect(note).to_contain_text(
        f"Hidden by a moderator under rule 3 — Personal information: {NOTE}"
    )
    assert_accessible(page)
    note.get_by_role("link", name=re.compile("What you can do")).click()
    expect_page(page, "Moderation decisions about you", "/moderation/about-you")
    expect(page.locator(".decision-list")).to_contain_text(NOTE)
    # The automatic hide after the reports is a decision of its own, listed too: appeal
    # the moderator's.
    decision = page.locator(".decision-list > li", has_text=NOTE)
    decision.get_by_role("link", name="appeal this decision").click()
    expect_page(page, "Appeal a moderation decision")
    page.get_by_role("button", name="Send the appeal").click()
    expect(page.locator(".error-summary")).to_contain_text("Say why the decision should change.")
    assert_accessible(page)
    page.get_by_label("Why should this decision change?").fill(STATEMENT)
    page.get_by_role("button", name="Send the appeal").click()
    flash(page, "Your appeal was sent.")
    expect(page.locator(".decision-list")).to_contain_text("Your appeal is waiting")
    assert_accessible(page)
    sign_out(page)

    # The first moderator can't decide an appeal against their own decision.
    sign_in(page, base_url, first.email, PASSWORD)
    page.goto(f"{base_url}/moderation/appeals")
    expect_page(page, "Appeals")
    page.get_by_role("link", name=re.compile(r"Appeal \d+")).click()
    expect(page.locator(".notice")).to_contain_text("Another moderator decides appeals")
    expect(page.get_by_role("button", name="Decide the appeal")).to_have_count(0)
    sign_out(page)

    # A second moderator overturns it: the comment is back.
    sign_in(page, base_url, second.email, PASSWORD)
    main_nav(page).get_by_role("link", name="Moderation").click()
    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Appeals").click()
    expect_page(page, "Appeals", "/moderation/appeals")
    page.get_by_role("link", name=re.compile(r"Appeal \d+")).click()
    expect_page(page, re.compile(r"Appeal \d+"))
    expect(page.get_by_role("main")).to_contain_text(STATEMENT)
    page.get_by_label("Overturn the decision").check()
    page.get_by_label("Reason, for the author").fill("A councillor's office is public.")
    page.get_by_role("button", name="Decide the appeal").click()
    flash(page, "Appeal decided.")
    assert_accessible(page)
    page.goto(f"{base_url}/comments/{comment.id}")
    expect(page.locator(f"#comment-main-{comment.id}")).to_contain_text("Birch Road")
    sign_out(page)

    # The public log: every decision, the automatic hide after the reports included (issue
    # 22, defect 20), no names, no text; the CSV has them too.
    page.get_by_role("contentinfo").get_by_role("link", name="Moderation log").click()
    expect_page(page, "Public moderation log", "/moderation/log")
    rows = page.locator(".log-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Restored")
    expect(rows.nth(1)).to_contain_text("Hidden")
    expect(rows.nth(1)).to_contain_text("Rule 3: Personal information")
    expect(rows.nth(1)).to_contain_text("decision overturned")
    expect(rows.nth(2)).to_contain_text("Hidden automatically after")
    main_text = page.get_by_role("main").inner_text()
    for secret in ("Alex Author", "Mo First", "Sky Second", "Birch Road"):
        assert secret not in main_text
    csv_url = page.get_by_role("link", name="Download the log as CSV").get_attribute("href")
    download = page.request.get(base_url + csv_url)
    lines = list(csv.DictReader(io.StringIO(download.text())))
    assert [row["action"] for row in lines] == ["auto_hide", "hide", "restore"]
    assert lines[1]["appeal"] == "overturned" and lines[1]["rule"] == "3"

    # The audit log, filtered to moderation, has both with their actors.
    sign_in(page, base_url, admin.email, PASSWORD)
    page.goto(f"{base_url}/admin/audit")
    expect_page(page, "Audit log")
    page.get_by_label("Action").select_option("moderation")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/admin/audit\?.*action=moderation"))
    entries = page.locator(".audit-list li")
    expect(entries.filter(has_text="moderation.hide")).to_contain_text("by Mo First")
    expect(entries.filter(has_text="moderation.restore")).to_contain_text("by Sky Second")
    expect(entries.filter(has_text="moderation.appeal_overturned")).to_contain_text("by Sky Second")
    expect(entries.filter(has_text="user.roles_changed")).to_have_count(0)
    assert_accessible(page)
