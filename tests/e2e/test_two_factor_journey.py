"""Two-factor sign-in in a real browser, with JavaScript on and off: a moderator sets up
an app before any staff page opens, signs in with a code and with a recovery code (once),
and an admin resets their second factor with a reason."""

from __future__ import annotations

import re

import pyotp
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, fill_sign_in, flash, main_nav, sign_in, sign_out
from tests.factories import PASSWORD, next_totp_code

REASON = "Lost phone and codes; checked it was her on a video call."


def _set_up_app(page: Page) -> list[str]:
    """On the setup page: type the shown key into "the app", confirm, read the codes."""
    expect_page(page, "Set up two-factor sign-in", re.compile(r"/account/two-factor(\?.*)?$"))
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your app").fill("000000")
    page.get_by_role("button", name="Confirm and turn on").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("That code doesn't match.")
    assert_accessible(page)
    # The same key is still shown, so the app set up a moment ago still works.
    assert page.locator(".secret-key").inner_text().replace(" ", "") == secret
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm and turn on").click()
    expect_page(page, "Save your recovery codes")
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    return [c.strip() for c in codes.all_inner_texts()]


def test_staff_set_up_two_factor_and_sign_in_with_codes(page: Page, base_url, factories, js):
    moderator = factories.user("moderator", name="Mo Moderator", second_factor=False)

    # Straight to a staff page: sign in, then set up the app, then the page.
    page.goto(base_url + "/moderation/queue")
    expect_page(page, "Sign in")
    fill_sign_in(page, moderator.email, PASSWORD)
    expect(main_nav(page).get_by_role("link", name="Moderation")).to_have_count(0)
    codes = _set_up_app(page)
    page.get_by_role("link", name="I have saved my codes, continue").click()
    expect_page(page, "Moderation queue", "/moderation/queue")
    sign_out(page)

    # Signing in again: the password, then the code page; a wrong code says so.
    page.goto(base_url + "/account/login")
    fill_sign_in(page, moderator.email, PASSWORD)
    expect_page(page, "Enter your code", "/account/two-factor/verify")
    expect(main_nav(page).get_by_role("link", name="Sign in")).to_be_visible()
    page.get_by_label("Code", exact=True).fill("123456")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("That code isn't right.")
    if js:
        expect(summary).to_be_focused()
    assert_accessible(page)

    # A recovery code instead of the app's code: it works once.
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    flash(page, "You used a recovery code. You have 9 left.")
    expect(main_nav(page).get_by_role("link", name="Your account")).to_be_visible()
    sign_out(page)
    page.goto(base_url + "/account/login")
    fill_sign_in(page, moderator.email, PASSWORD)
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("That code isn't right.")
    page.get_by_label("Code", exact=True).fill(next_totp_code(moderator.email))
    page.get_by_role("button", name="Continue").click()
    expect(main_nav(page).get_by_role("link", name="Your account")).to_be_visible()

    # The account page leads to the second factor's state.
    main_nav(page).get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Manage two-factor sign-in").click()
    expect_page(page, "Two-factor sign-in", "/account/two-factor")
    expect(page.locator(".summary-list")).to_contain_text("9")
    page.get_by_label("Your password").first.fill(PASSWORD)
    page.get_by_role("button", name="Make new recovery codes").click()
    expect_page(page, "Save your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )


def test_an_admin_resets_a_second_factor_with_a_reason(page: Page, base_url, factories, js):
    admin = factories.user("admin", name="Ada Admin")
    official = factories.user("official", name="Ola Official")

    sign_in(page, base_url, admin.email, PASSWORD)
    page.goto(f"{base_url}/admin/users/{official.id}")
    expect_page(page, "Ola Official")
    page.get_by_role("button", name="Reset second factor").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Say why the second factor is being reset.")
    if js:
        expect(summary).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Why is the second factor being reset?").fill(REASON)
    page.get_by_role("button", name="Reset second factor").click()
    flash(page, "The second factor of Ola Official is reset.")
    expect_page(page, "Ola Official")
    expect(page.get_by_role("main")).to_contain_text(REASON)
    expect(page.get_by_role("button", name="Reset second factor")).to_have_count(0)
    sign_out(page)

    # The official signs in with the password alone and must set up a new app first.
    page.goto(base_url + "/account/login")
    fill_sign_in(page, official.email, PASSWORD)
    expect_page(page, "Set up two-factor sign-in", re.compile(r"/account/two-factor(\?.*)?$"))
    expect(page.get_by_role("region", name="Two-factor sign-in")).to_have_count(0)
    page.goto(base_url + "/consultations/new")
    expect_page(page, "Set up two-factor sign-in", re.compile(r"/account/two-factor\?next="))
    flash(page, "Set up two-factor sign-in to use the pages for your staff role.")
    page.goto(base_url + "/")
    expect(page.get_by_role("region", name="Two-factor sign-in")).to_contain_text(
        "Your account has a staff role."
    )
    assert_accessible(page)
    page.get_by_role("link", name="Set up two-factor sign-in").first.click()
    _set_up_app(page)
