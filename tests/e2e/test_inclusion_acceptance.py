"""Issue 7 acceptance, in a real browser: every page in every language, at 320 px, by keyboard.

- axe-core finds nothing on any page in ``pages.py`` for any role, in Spanish and Arabic
  with the high-contrast display setting on (every rule) and off (the colour rules); in
  English, ``test_a11y_sweep.py`` runs every rule with the usual colours, so here only the
  colour rules run, with high contrast on;
- at 320 CSS pixels no page scrolls sideways, in English and Arabic;
- a resident finds a consultation, reads it, comments and supports a proposal with the
  keyboard alone, in English and again in Arabic.

Language comes from the ``lang`` cookie (and the account's saved language, which wins
over the cookie), not from the switcher; high contrast from the ``display`` cookie.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from playwright.sync_api import expect

from engage.extensions import db
from engage.i18n import LANG_COOKIE
from engage.preferences.settings import COOKIE as DISPLAY_COOKIE
from tests.e2e.axe import _SIGNED, OPTIONS
from tests.e2e.helpers import presentation_only
from tests.e2e.keyboard import tab_to
from tests.e2e.pages import ANONYMOUS, PAGES, ROLES, make_world
from tests.factories import PASSWORD, TWO_FACTOR_STEP, csrf_token_from, next_totp_code

pytestmark = presentation_only

LANGUAGES = ("en", "es", "ar")
NARROW_LANGUAGES = {"en", "ar"}
NARROW_WIDTH = 320
HIGH_CONTRAST = "high-contrast"
# With the usual colours, only colour can differ from the English sweep.
COLOUR_RULES = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}

_AXE_SCRIPT = None
_checked: set[str] = set()


def _axe_script() -> str:
    global _AXE_SCRIPT
    if _AXE_SCRIPT is None:
        from axe_playwright_python.sync_playwright import Axe

        _AXE_SCRIPT = Axe().axe_script
    return _AXE_SCRIPT


def new_context(browser, base_url: str, lang: str, display: str | None = HIGH_CONTRAST):
    """A browser context with the language and display cookies, axe loaded on every page."""
    context = browser.new_context()
    cookies = [{"name": LANG_COOKIE, "value": lang, "url": base_url}]
    if display:
        cookies.append({"name": DISPLAY_COOKIE, "value": display, "url": base_url})
    context.add_cookies(cookies)
    # Loaded with each page rather than sent to it before every check: faster.
    context.add_init_script(_axe_script())
    return context


def sign_in_quietly(context, base_url: str, email: str) -> None:
    """Sign in through the form's POST (no typing): the same session cookie, any language."""
    form = context.request.get(base_url + "/account/login").text()
    token = csrf_token_from(form)
    response = context.request.post(
        base_url + "/account/login",
        form={"csrf_token": token, "email": email, "password": PASSWORD},
        max_redirects=0,
    )
    assert response.status in (302, 303), f"sign-in as {email} gave {response.status}"
    if response.headers["location"].endswith(TWO_FACTOR_STEP):
        form = context.request.get(base_url + TWO_FACTOR_STEP).text()
        token = csrf_token_from(form)
        response = context.request.post(
            base_url + TWO_FACTOR_STEP,
            form={"csrf_token": token, "code": next_totp_code(email)},
            max_redirects=0,
        )
        assert response.status in (302, 303), f"second step as {email} gave {response.status}"


_AXE_RUN = (
    "axe.run(document, options).then(r => r.violations.map(v => "
    "`${v.id} (${v.impact}): ${v.help} -> ` + "
    "v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | ')))"
)


def axe_violations(page, run_only=None) -> list[str]:
    options = dict(OPTIONS, runOnly=run_only) if run_only else OPTIONS
    return page.evaluate("options => " + _AXE_RUN, options)


def start_axe(page, run_only=None) -> None:
    """Start axe without waiting: pages in other contexts (other processes) run meanwhile."""
    options = dict(OPTIONS, runOnly=run_only) if run_only else OPTIONS
    page.evaluate("options => { window.__axe = " + _AXE_RUN + "; }", options)


def finish_axe(page) -> list[str]:
    return page.evaluate("() => window.__axe")


def _seen_before(page, label: str) -> bool:
    """True if this exact HTML (signed tokens aside) already passed under ``label``."""
    html = _SIGNED.sub("~", page.content())
    key = hashlib.sha256(f"{label}\n{html}".encode()).hexdigest()
    if key in _checked:
        return True
    _checked.add(key)
    return False


def _set_locale(world, lang: str) -> None:
    # The account's saved language wins over the cookie (engage/i18n.py).
    for user in world.users.values():
        user.locale = lang
    db.session.commit()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_every_role_every_language(browser, base_url, app, factories, lang):
    """One signed-in context per role, all six walked side by side (axe runs overlap)."""
    world = make_world(factories)
    _set_locale(world, lang)
    walks = []
    for role in ROLES:
        context = new_context(browser, base_url, lang)
        if role != ANONYMOUS:
            sign_in_quietly(context, base_url, world.users[role].email)
        with app.test_request_context():
            todo = [
                (item, item.path or url_for(item.endpoint, **item.values(world)))
                for item in PAGES
                if role in item.seen_by
            ]
        walks.append((role, context.new_page(), todo))
    problems: list[str] = []
    while any(todo for _role, _page, todo in walks):
        running = []
        for role, page, todo in walks:
            if todo:
                item, path = todo.pop(0)
                if _open(page, base_url + path, item, lang, f"{lang}, {role}", problems):
                    # English text is swept by test_a11y_sweep.py: here only colours change.
                    start_axe(page, COLOUR_RULES if lang == "en" else None)
                    running.append((f"{lang}, {role}, {item.name}", page))
        for where, page in running:
            problems += [f"{where} (high contrast): {v}" for v in finish_axe(page)]
            if lang != "en":  # the usual colours: English is swept by test_a11y_sweep.py
                page.evaluate("document.documentElement.classList.remove('pref-high-contrast')")
                problems += [
                    f"{where} (usual colours): {v}" for v in axe_violations(page, COLOUR_RULES)
                ]
            if lang in NARROW_LANGUAGES:
                width = _width_at(page, NARROW_WIDTH)
                if width > NARROW_WIDTH:
                    problems.append(f"{where}: {width}px wide at {NARROW_WIDTH}px")
    for _role, page, _todo in walks:
        page.context.close()
    assert not problems, "\n".join(problems)


def _open(page, url: str, item, lang: str, who: str, problems: list[str]) -> bool:
    """Load the page and check its language, direction and setting; False if seen before."""
    response = page.goto(url)
    if response.status != item.status:
        problems.append(f"{who}, {item.name}: status {response.status}, expected {item.status}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(html).to_have_class(re.compile(r"\bpref-high-contrast\b"))
    return not _seen_before(page, lang)


def _width_at(page, width: int) -> int:
    usual = page.viewport_size
    page.set_viewport_size({"width": width, "height": 640})
    try:
        return page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.set_viewport_size(usual)


# The keyboard journey.


def _text(lang: str, message: str, **values) -> str:
    with force_locale(lang):
        return _(message, **values)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_resident_journey_by_keyboard(browser, base_url, app, factories, lang):
    consultation = factories.consultation(
        "open",
        title="Cameras on buses",
        summary="Should buses record video? Tell us.",
        easy_read_summary="Buses may get cameras.\n\nWhat do you think?",
        body="## Why\n\nTo keep drivers safe.",
    )
    proposal = factories.proposal(consultation, title="Delete the video after a week")
    resident = factories.user(name="Noor", locale=lang)
    db.session.commit()
    with app.test_request_context():
        t = {
            "comment": _text(lang, "Your comment"),
            "post": _text(lang, "Post your comment"),
            "support": _text(lang, "Support this proposal"),
            "supported": _text(lang, "You support this proposal."),
            "discussion": _text(lang, "Discussion"),
            "proposals": _text(lang, "Proposals"),
        }

    context = new_context(browser, base_url, lang, display=None)
    sign_in_quietly(context, base_url, resident.email)
    page = context.new_page()
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")

    # Find it on the home page and open it.
    tab_to(page, "link", consultation.title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    expect(page.get_by_text("To keep drivers safe.")).to_be_visible()

    # Comment on it: the consultation's discussion is a part of its own (a tab).
    tab_to(page, "link", t["discussion"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    tab_to(page, "textbox", t["comment"])
    page.keyboard.type("Keep the video for a week only, please.")
    tab_to(page, "button", t["post"])
    page.keyboard.press("Enter")
    expect(page.get_by_text("Keep the video for a week only, please.")).to_be_visible()
    expect(page.locator("#comment-form textarea")).to_have_value("")

    # Support a proposal: back up the page to the proposals tab, open it, then the
    # proposal, and press the button.
    tab_to(page, "link", t["proposals"], backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    tab_to(page, "link", proposal.title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(proposal.title)
    tab_to(page, "button", t["support"])
    page.keyboard.press("Enter")
    expect(page.locator("#support")).to_contain_text(t["supported"])
    context.close()


def test_journey_helpers_agree_with_the_catalogue(app):
    """The journey finds controls by their translated names: none may be left in English."""
    with app.test_request_context():
        for message in (
            "Your comment",
            "Post your comment",
            "Support this proposal",
            "Discussion",
            "Proposals",
        ):
            assert _text("ar", message) != message, message
