"""Steps shared by the browser journeys: signing in, links from emails, page checks."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.factories import next_totp_code


def expect_page(page: Page, heading: str, path: str | re.Pattern | None = None) -> None:
    """Wait until the page (or the htmx swap) shows ``heading``, then run axe on it.

    ``path`` is the URL path (any query string allowed) or a pattern for the whole URL.
    """
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if isinstance(path, str):
        path = re.compile(re.escape(path) + r"(\?.*)?$")
    if path is not None:
        expect(page).to_have_url(path)
    assert_accessible(page)


def main_nav(page: Page):
    """The header's links: the main menu, and signing in or out beside it."""
    return page.locator("header.site-header")


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/account/login")
    fill_sign_in(page, email, password)
    enter_second_factor(page, email)
    expect(main_nav(page).get_by_role("link", name="Your account")).to_be_visible()


def enter_second_factor(page: Page, email: str) -> None:
    """The sign-in's second step, for accounts that have one (staff, from the factories)."""
    if not has_second_factor(email):
        return
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("Code", exact=True).fill(next_totp_code(email))
    page.get_by_role("button", name="Continue").click()


def has_second_factor(email: str) -> bool:
    from engage.accounts.models import User
    from engage.extensions import db

    secret = db.session.scalar(db.select(User.totp_secret).where(User.email == email.lower()))
    return secret is not None


def fill_sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in_refused(page: Page, email: str, password: str) -> None:
    """A sign-in that comes back to the form: wait for the answer (the site never sends a
    password back, so the field is empty again) before the next step. The heading is the
    same before and after, so without this wait, a slow answer replaced what the next
    attempt had typed."""
    fill_sign_in(page, email, password)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(main_nav(page).get_by_role("link", name="Sign in")).to_be_visible()


def flash(page: Page, text: str) -> None:
    expect(page.locator(".flash-list")).to_contain_text(text)


def link_in_email(outbox, to: str, path_prefix: str) -> str:
    """The first link under ``path_prefix`` in the plain-text part of the last email to ``to``."""
    body = outbox.last_to(to).get_body(("plain",)).get_content()
    for url in re.findall(r"https?://\S+", body):
        if re.match(r"https?://[^/]+" + re.escape(path_prefix), url):
            return url
    raise AssertionError(f"no {path_prefix} link in the email to {to}:\n{body}")


# What a page looks like — axe rules, colours, languages, widths, focus — does not depend
# on the database engine, and these sweeps are the slowest tests by far. They run in the
# SQLite pass; the PostgreSQL pass keeps every journey (which does touch the database).
presentation_only = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="presentation-only sweep: runs in the SQLite pass; the engine changes nothing it checks",
)
