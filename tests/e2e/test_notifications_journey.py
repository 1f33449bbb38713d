"""A resident follows the demo consultation; another replies to their comment; the first
sees the notice in the header and gets an email (caught by an aiosmtpd server the test
runs) with a working unsubscribe link; switching to the daily digest sends one digest
holding both of the next events, once. JavaScript on (htmx swaps) and off; axe after every
page and every swap."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, main_nav, sign_in
from tests.factories import PASSWORD
from tests.notifications.conftest import SmtpServer

TITLE = "Rules for police use of facial recognition"


@pytest.fixture
def smtp(app, live_server, monkeypatch):
    """A real SMTP server; the live server sends to it, and its links point back here."""
    server = SmtpServer()
    server.start()
    monkeypatch.setitem(app.config, "MAIL_URL", server.url)
    monkeypatch.setitem(app.config, "BASE_URL", live_server)
    yield server
    server.stop()


def _mail_to(smtp, address: str) -> list:
    return [m for m in smtp.messages if m["To"] == address]


def _header_link(page: Page):
    return main_nav(page).locator("#notices-link")


def _reply_as(browser, base_url: str, who, comment_id: int, text: str, js: bool) -> None:
    """The other resident, in a browser of their own."""
    context = browser.new_context(java_script_enabled=js)
    other = context.new_page()
    sign_in(other, base_url, who.email, PASSWORD)
    other.goto(f"{base_url}/comments/{comment_id}/reply")
    other.get_by_label("Your reply to Amina K.").fill(text)
    other.get_by_role("button", name="Post your reply").click()
    expect(other.locator(".comment__main", has_text=text)).to_be_visible()
    context.close()


def test_follow_reply_notice_email_unsubscribe_and_digest(
    page: Page, browser, base_url, app, factories, smtp, js
):
    consultation = factories.consultation(title=TITLE)
    amina = factories.user(name="Amina K.", email="amina@example.org")
    jo = factories.user(name="Jo Replier")

    # Amina follows the consultation.
    sign_in(page, base_url, amina.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    assert_accessible(page)
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    if js:
        expect(
            page.locator(f"#follow-consultation-{consultation.id} [role=status]")
        ).to_contain_text("You follow this now.")
        expect(page.get_by_role("button", name="Unfollow")).to_be_focused()
    else:
        flash(page, "You follow this now.")
    assert_accessible(page)
    expect(_header_link(page)).to_have_text("Notifications")

    # Her comment, and Jo's reply to it.
    comment = factories.comment(consultation, author=amina, body="Who reads the data?")
    _reply_as(browser, base_url, jo, comment.id, "Only a judge, with a warrant.", js)

    # The notice in the header, the list, marking it read.
    page.reload()
    expect(_header_link(page)).to_have_text("Notifications 1 unread")
    _header_link(page).click()
    expect_page(page, "Notifications", "/notifications")
    notice = page.locator("article.notice").first
    expect(notice).to_contain_text(f"Jo Replier replied to your comment on “{TITLE}”.")
    notice.get_by_role("button", name=re.compile("^Mark as read")).click()
    if js:
        expect(page.locator("article.notice [role=status]")).to_have_text("Marked as read.")
    expect(_header_link(page)).to_have_text("Notifications")
    expect(page.locator("article.notice--unread")).to_have_count(0)
    assert_accessible(page)
    notice.get_by_role("link").click()
    expect(page.locator(".comment__main", has_text="Only a judge")).to_be_visible()

    # The email, with both parts and a working unsubscribe link.
    [email] = _mail_to(smtp, amina.email)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = email.get_body(("plain",)).get_content()
    assert "Only a judge, with a warrant." in plain
    assert "Open it on the site</a>" in email.get_body(("html",)).get_content()
    unsubscribe = re.search(r"(http://\S+/notifications/unsubscribe/\S+)", plain).group(1)
    assert email["List-Unsubscribe"] == f"<{unsubscribe}>"
    page.goto(unsubscribe)
    expect_page(page, "Unsubscribe")
    expect(page.get_by_text("Stop these emails: Replies to your comments?")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    done = page.locator("main [role=status]")
    expect(done).to_contain_text("You won't get these emails any more")
    assert_accessible(page)

    # Replies come in the daily digest instead.
    page.get_by_role("link", name="Change your email settings").click()
    expect_page(page, "Email settings", "/notifications/settings")
    replies = page.get_by_role("group", name="Replies to your comments")
    expect(replies.get_by_label("Never")).to_be_checked()
    replies.get_by_label("In a daily digest").check()
    page.get_by_role("button", name="Save email settings").click()
    flash(page, "Your email settings are saved.")
    assert_accessible(page)

    # Two more events: another reply, and the consultation closing (found by notify-due).
    _reply_as(browser, base_url, jo, comment.id, "And the logs are public.", js)
    db.session.get(Consultation, consultation.id).closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    runner = app.test_cli_runner()
    assert "closed: 1" in runner.invoke(args=["notify-due"]).output
    assert len(_mail_to(smtp, amina.email)) == 1  # nothing sent right away

    assert "digest(s) sent." in runner.invoke(args=["send-digests"]).output
    assert "0 digest(s) sent." in runner.invoke(args=["send-digests"]).output  # once
    [_first, digest] = _mail_to(smtp, amina.email)
    text = digest.get_body(("plain",)).get_content()
    assert "2 things happened since your last summary:" in text
    assert f"Jo Replier replied to your comment on “{TITLE}”." in text
    assert f"“{TITLE}” has closed." in text
    # Its links lead back to the site.
    listing = re.search(r"All your notifications: (\S+)", text).group(1)
    page.goto(listing)
    expect_page(page, "Notifications", "/notifications")
    expect(page.locator("article.notice--unread")).to_have_count(2)
