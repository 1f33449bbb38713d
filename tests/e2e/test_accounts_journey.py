"""A person's whole account journey in a real browser, with JavaScript on and off.

axe runs on every page the journey reaches, after each navigation or htmx swap.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import (
    expect_page,
    fill_sign_in,
    flash,
    link_in_email,
    main_nav,
    sign_out,
)
from tests.factories import PASSWORD as FACTORY_PASSWORD

EMAIL = "river@example.org"
NAME = "River Walker"
PASSWORD = "a quiet morning at dawn 42"
NEW_PASSWORD = "lanterns over the harbour 7"


def test_register_confirm_sign_in_out_and_reset_password(page, js, base_url, outbox):
    page.goto(base_url + "/")
    expect_page(page, "Have your say on technology in your city")

    main_nav(page).get_by_role("link", name="Register").click()
    expect_page(page, "Create an account", "/account/register")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Public name").fill(NAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect_page(page, "Check your email", "/account/check-email")
    expect(page.get_by_role("main")).to_contain_text(EMAIL)

    page.goto(link_in_email(outbox, EMAIL, "/account/verify/"))
    expect_page(page, "Sign in", "/account/login")
    flash(page, f"your email address {EMAIL} is confirmed")

    fill_sign_in(page, EMAIL, PASSWORD)
    expect_page(page, "Have your say on technology in your city", "/")
    flash(page, f"You are signed in as {NAME}")
    expect(main_nav(page).get_by_role("link", name="Your account")).to_be_visible()

    sign_out(page)
    expect_page(page, "Have your say on technology in your city", "/")
    flash(page, "You are signed out")

    main_nav(page).get_by_role("link", name="Sign in").click()
    expect_page(page, "Sign in", "/account/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect_page(page, "Reset your password", "/account/forgot-password")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send reset link").click()
    expect_page(page, "Check your email", "/account/check-email")
    expect(page.get_by_role("main")).to_contain_text("choose a new password")

    page.goto(link_in_email(outbox, EMAIL, "/account/reset/"))
    expect_page(page, "Choose a new password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    expect_page(page, "Sign in", "/account/login")
    flash(page, "Your password is changed")

    fill_sign_in(page, EMAIL, PASSWORD)
    expect(page.locator(".error-summary")).to_contain_text(
        "That email and password don't match an account"
    )
    expect_page(page, "Sign in", "/account/login")

    fill_sign_in(page, EMAIL, NEW_PASSWORD)
    expect_page(page, "Have your say on technology in your city", "/")
    expect(main_nav(page).get_by_role("link", name="Your account")).to_be_visible()


def test_failed_registration_keeps_the_email_and_shows_the_problems(page, js, base_url):
    page.goto(base_url + "/account/register")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Public name").fill(NAME)
    page.get_by_label("Password").fill("password123")
    page.get_by_role("button", name="Create account").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Password: This password is too common and easy to guess. Choose another."
    )
    expect(page.get_by_label("Email address")).to_have_value(EMAIL)
    expect(page.get_by_label("Public name")).to_have_value(NAME)
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    if js:
        # Once the htmx swap settles, focus is on the summary so screen readers read it first.
        page.wait_for_function(
            "document.activeElement && document.activeElement.classList.contains('error-summary')"
        )
    assert_accessible(page)

    summary.get_by_role("link").click()
    expect(page.get_by_label("Password")).to_be_focused()


def test_language_switcher_sets_lang_and_direction(page, js, base_url):
    """The header's language links, each language named in itself (issue 22)."""
    page.goto(base_url + "/account/login")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")

    switcher = page.locator("nav.language-links")
    switcher.get_by_role("link", name="Español").click()
    expect(html).to_have_attribute("lang", "es")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page).to_have_url(base_url + "/account/login")
    expect(switcher.locator('[aria-current="true"]')).to_have_text("Español")
    assert_accessible(page)

    switcher.get_by_role("link", name="العربية").click()
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page).to_have_url(base_url + "/account/login")
    assert_accessible(page)

    # The choice is remembered on the next page too.
    page.goto(base_url + "/account/register")
    expect(html).to_have_attribute("dir", "rtl")


def test_saved_language_applies_on_sign_in_and_stops_on_sign_out(page, js, base_url, factories):
    person = factories.user(locale="ar")
    page.goto(base_url + "/account/login")
    html = page.locator("html")
    fill_sign_in(page, person.email, FACTORY_PASSWORD)
    # The page is now in Arabic, so the account link is found by where it goes.
    expect(page.locator('nav.site-nav a[href="/account/profile"]')).to_be_visible()
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert_accessible(page)

    page.locator('form[action="/account/logout"] button').click()
    expect(page.locator('nav.site-nav a[href^="/account/login"]')).to_be_visible()
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
