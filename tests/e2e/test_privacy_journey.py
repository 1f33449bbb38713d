"""Data rights in a real browser, JavaScript on and off: a resident downloads their data
(at once, and by an emailed link when there is a lot), asks to delete the account, is
signed out, and cancels by signing in within the grace period. axe on each page."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from engage.extensions import db
from engage.privacy.models import AccountDeletion
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, link_in_email, sign_in
from tests.factories import PASSWORD
from tests.privacy.helpers import EMAIL, busy_resident


def _zip(download) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))


def test_download_my_data(page, js, base_url, factories, app, outbox):
    busy_resident(factories)
    sign_in(page, base_url, EMAIL, PASSWORD)
    page.goto(base_url + "/account/profile")
    page.get_by_role("link", name="Download your data").click()
    expect_page(page, "Download your data", "/account/data")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my data").click()
    archive = _zip(info.value)
    assert "README.txt" in archive.namelist()
    assert json.loads(archive.read("proposals.json"))

    # A large account: built in the background, the link comes by email.
    app.config["PRIVACY_EXPORT_INLINE_ROWS"] = 5
    try:
        page.goto(base_url + "/account/data")
        page.get_by_role("button", name="Email me a link to my data").click()
        flash(page, "We will email")
    finally:
        app.config["PRIVACY_EXPORT_INLINE_ROWS"] = 2000
    link = link_in_email(outbox, EMAIL, "/account/data/")
    with page.expect_download() as info, contextlib.suppress(PlaywrightError):
        page.goto(link)  # a download, not a page: the navigation itself is "aborted"
    assert json.loads(_zip(info.value).read("comments.json"))


def test_delete_with_a_grace_period_cancelled_by_signing_in(page, js, base_url, factories):
    person = factories.user(name="Dana Delete")
    sign_in(page, base_url, person.email, PASSWORD)
    page.goto(base_url + "/account/profile")
    page.get_by_role("link", name="Delete your account").click()
    expect_page(page, "Delete your account", "/account/delete")
    assert_accessible(page)
    # Nothing chosen and a wrong password: the errors, and the form again.
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose what should happen")
    assert_accessible(page)
    page.get_by_label("Keep my words, anonymously").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    flash(page, "Your account will be deleted on")
    assert db.session.get(AccountDeletion, person.id) is not None
    page.goto(base_url + "/account/profile")
    expect_page(page, "Sign in", "/account/login")
    sign_in(page, base_url, person.email, PASSWORD)
    flash(page, "Your account will not be deleted")
    db.session.expire_all()
    assert db.session.get(AccountDeletion, person.id) is None


def test_the_data_rights_pages_pass_axe_in_every_language(page, base_url, factories):
    person = factories.user()
    sign_in(page, base_url, person.email, PASSWORD)
    for lang in ("es", "ar", "en"):
        for path in ("/account/data", "/account/delete", "/account/profile"):
            page.goto(f"{base_url}/language/{lang}?next={path}")
            expect(page.locator("html")).to_have_attribute("lang", lang)
            assert_accessible(page)
        page.goto(f"{base_url}/account/delete")
        page.locator("form.stack button[type=submit]").last.click()
        expect(page.locator(".error-summary")).to_be_visible()
        assert_accessible(page)
