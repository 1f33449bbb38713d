"""The header at every width, in a real browser (issue 22, design): at 320 px nothing
scrolls sideways, the header is at most 120 px tall with its menu closed, and the menu (a
<details>, no JavaScript needed) opens to the navigation and search; from 640 px the menu
is always open and has no toggle. In English, Spanish and Arabic, signed out and as staff.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engage.i18n import LANG_COOKIE
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD

MAX_HEIGHT = 120
LANGUAGES = ("en", "es", "ar")
WHO = ("signed out", "staff")


@pytest.fixture
def staff(factories):
    # Every staff role: the longest navigation.
    return factories.user("moderator", "official", "admin", name="Sam Staff")


def _as(page, base_url, who, staff, lang, width):
    """Signed in (at the usual width, where the helper finds the header's links) or not,
    in ``lang``, then at ``width``."""
    from engage.extensions import db

    page.context.clear_cookies()
    if who == "staff":
        sign_in(page, base_url, staff.email, PASSWORD)
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": base_url}])
    staff.locale = lang  # the account's language wins over the cookie
    db.session.commit()
    page.set_viewport_size({"width": width, "height": 700})


def _sideways(page) -> int:
    root = "document.documentElement"
    return page.evaluate(f"{root}.scrollWidth - {root}.clientWidth")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", WHO)
def test_at_320_px_the_header_fits_and_its_menu_opens(page, js, base_url, staff, who, lang):
    _as(page, base_url, who, staff, lang, 320)
    page.goto(base_url + "/consultations/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    header = page.locator("header.site-header")
    height = header.bounding_box()["height"]
    assert height <= MAX_HEIGHT, f"{who}, {lang}: the header is {height:.0f} px tall"
    assert _sideways(page) <= 0, f"{who}, {lang}: the page scrolls sideways"

    nav = page.locator("nav.site-nav").first
    toggle = page.locator("summary.site-menu__toggle")
    expect(toggle).to_be_visible()
    expect(nav).to_be_hidden()
    expect(page.locator("#site-search-q")).to_be_hidden()
    # Signing in or out is in line, outside the menu.
    account = page.locator("nav.site-account a, nav.site-account button")
    expect(account).to_be_visible()
    # Each language, named in itself, is one tap away.
    for name in ("English", "Español", "العربية"):
        expect(page.locator(".language-links").get_by_text(name, exact=True)).to_be_visible()

    toggle.click()
    expect(nav).to_be_visible()
    search = page.locator("#site-search-q")
    expect(search).to_be_visible()
    label = page.locator('label[for="site-search-q"]')
    expect(label).to_be_visible()
    assert label.inner_text().strip()
    if who == "staff":
        expect(nav.locator('a[href="/moderation/queue"]')).to_be_visible()
        expect(nav.locator('a[href="/admin/users"]')).to_be_visible()
    assert _sideways(page) <= 0, f"{who}, {lang}: the open menu scrolls sideways"
    if lang == "en":
        assert_accessible(page)

    search.fill("lights")
    search.press("Enter")
    expect(page).to_have_url(base_url + "/search?q=lights")


@pytest.mark.parametrize("lang", ("en", "ar"))
def test_from_640_px_the_menu_is_always_open(page, base_url, staff, lang):
    _as(page, base_url, "staff", staff, lang, 1280)
    page.goto(base_url + "/consultations/")
    expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
    expect(page.locator("nav.site-nav").first.locator('a[href="/admin/users"]')).to_be_visible()
    expect(page.locator("#site-search-q")).to_be_visible()
    expect(page.locator('label[for="site-search-q"]')).to_be_visible()
    page.set_viewport_size({"width": 640, "height": 800})
    expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
    assert _sideways(page) <= 0
    page.set_viewport_size({"width": 639, "height": 800})
    expect(page.locator("summary.site-menu__toggle")).to_be_visible()
