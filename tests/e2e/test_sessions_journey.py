"""Sessions that really end, in a real browser: cookies saved before sign-out are
refused afterwards, "Sign out everywhere" and one device from the account page, and
the sign-in lock with its emailed unlock link. JavaScript on and off; axe on each page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import (
    expect_page,
    fill_sign_in,
    flash,
    link_in_email,
    sign_in,
    sign_in_refused,
    sign_out,
)
from tests.factories import PASSWORD


def other_browser(browser, js: bool, cookies=None):
    context = browser.new_context(java_script_enabled=js)
    if cookies:
        context.add_cookies(cookies)
    return context, context.new_page()


def test_cookies_saved_before_sign_out_get_the_sign_in_page(page, js, browser, base_url, factories):
    user = factories.user(name="Casey Cookie")
    page.goto(base_url + "/account/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("button", name="Sign in").click()
    flash(page, "You are signed in as Casey Cookie")
    saved = page.context.cookies()
    assert {c["name"] for c in saved} >= {"session", "remember_token"}

    # While the session lasts, the copied cookies work in another browser...
    context, copy = other_browser(browser, js, saved)
    copy.goto(base_url + "/account/profile")
    expect_page(copy, "Your account", "/account/profile")
    context.close()

    sign_out(page)

    # ...and after sign-out they are refused: the server has forgotten the session.
    context, replay = other_browser(browser, js, saved)
    replay.goto(base_url + "/account/profile")
    expect_page(replay, "Sign in", "/account/login")
    context.close()


def test_sign_out_one_device_then_everywhere(page, js, browser, base_url, factories):
    user = factories.user()
    phone_context, phone = other_browser(browser, js)
    sign_in(phone, base_url, user.email, PASSWORD)
    tablet_context, tablet = other_browser(browser, js)
    sign_in(tablet, base_url, user.email, PASSWORD)
    sign_in(page, base_url, user.email, PASSWORD)

    page.goto(base_url + "/account/profile")
    expect_page(page, "Your account", "/account/profile")
    sessions = page.get_by_role("table", name="Where you are signed in")
    expect(sessions.get_by_role("row")).to_have_count(4)
    expect(sessions).to_contain_text("(this device)")

    # The oldest sign-in (the phone) is the last row: sign that one out.
    sessions.get_by_role("row").last.get_by_role("button", name="Sign out").click()
    expect_page(page, "Your account", "/account/profile")
    flash(page, "That device is signed out.")
    expect(sessions.get_by_role("row")).to_have_count(3)
    phone.goto(base_url + "/account/profile")
    expect_page(phone, "Sign in", "/account/login")
    tablet.goto(base_url + "/account/profile")
    expect_page(tablet, "Your account", "/account/profile")

    page.get_by_role("button", name="Sign out everywhere").click()
    expect_page(page, "Sign in", "/account/login")
    flash(page, "You are signed out on every device.")
    tablet.goto(base_url + "/account/profile")
    expect_page(tablet, "Sign in", "/account/login")

    sign_in(page, base_url, user.email, PASSWORD)
    page.goto(base_url + "/account/profile")
    events = page.get_by_role("table", name="Security events")
    expect(events.get_by_role("row").nth(1)).to_contain_text("Signed in")
    expect(events.get_by_role("row").nth(2)).to_contain_text("Signed out everywhere")
    expect(events).to_contain_text("Signed out another device")
    phone_context.close()
    tablet_context.close()


def test_a_locked_account_and_its_unlock_link(
    page, js, base_url, factories, outbox, app, monkeypatch
):
    monkeypatch.setitem(app.config, "ACCOUNT_LOCKOUT_FAILURES", 3)
    user = factories.user()
    page.goto(base_url + "/account/login")
    for _ in range(3):
        sign_in_refused(page, user.email, "not my password at all")
        expect_page(page, "Sign in", "/account/login")

    sign_in_refused(page, user.email, PASSWORD)
    expect_page(page, "Sign in", "/account/login")
    expect(page.get_by_role("main")).to_contain_text("Sign-in to this account is locked")
    expect(page.get_by_role("main")).to_contain_text("we have sent you an email")

    page.goto(link_in_email(outbox, user.email, "/account/unlock/"))
    expect_page(page, "Sign in", "/account/login")
    flash(page, "Sign-in to your account is unlocked.")
    fill_sign_in(page, user.email, PASSWORD)
    flash(page, "You are signed in as")
