"""Display settings in a real browser: what the person sees, axe with each one, 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from engage.preferences import settings
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, main_nav

PAGES = ["/", "/preferences", "/accessibility", "/privacy", "/account/login", "/account/register"]
BLACK, WHITE = "rgb(0, 0, 0)", "rgb(255, 255, 255)"


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")


def px(page, selector: str, prop: str) -> float:
    return float(style(page, selector, prop).removesuffix("px"))


def use_settings(page, base_url: str, *names: str) -> None:
    page.context.add_cookies([{"name": settings.COOKIE, "value": ".".join(names), "url": base_url}])


def test_choose_larger_text_and_high_contrast_on_the_page(page, js, base_url):
    page.goto(base_url + "/")
    normal_root = px(page, "html", "fontSize")
    normal_h1 = px(page, "h1", "fontSize")

    page.get_by_role("contentinfo").get_by_role("link", name="Display settings").click()
    expect_page(page, "Display settings", "/preferences")
    page.get_by_label("Larger text").check()
    page.get_by_label("High contrast").check()
    page.get_by_role("button", name="Save display settings").click()

    flash(page, "Your display settings are saved on this device.")
    expect(page.locator("html")).to_have_class(re.compile(r"\bpref-large-text\b"))
    expect(page.get_by_label("Larger text")).to_be_checked()
    expect(page.get_by_label("Reduce motion")).not_to_be_checked()
    assert px(page, "html", "fontSize") == normal_root * 1.25
    assert style(page, "body", "color") == BLACK
    assert style(page, "body", "backgroundColor") == WHITE
    assert_accessible(page)

    # The next page, reached by a link (an htmx body swap with JavaScript on), keeps them.
    main_nav(page).get_by_role("link", name="Home").click()
    expect_page(page, "Have your say on technology in your city", "/")
    assert px(page, "h1", "fontSize") == pytest.approx(normal_h1 * 1.25)
    assert style(page, "main p", "color") == BLACK
    assert style(page, ".footer-links a", "color") == BLACK
    assert style(page, ".site-footer", "backgroundColor") == WHITE


def test_clearing_every_setting_restores_the_normal_look(page, base_url):
    use_settings(page, base_url, "large-text", "spacing")
    page.goto(base_url + "/preferences")
    page.get_by_label("Larger text").uncheck()
    page.get_by_label("Wider spacing").uncheck()
    page.get_by_role("button", name="Save display settings").click()
    flash(page, "Your display settings are saved")
    expect(page.locator("html")).not_to_have_attribute("class", re.compile("pref-"))
    assert px(page, "html", "fontSize") == 16
    assert not [c for c in page.context.cookies() if c["name"] == settings.COOKIE]


def test_wider_spacing_meets_wcag_text_spacing(page, base_url):
    use_settings(page, base_url, "spacing")
    page.goto(base_url + "/accessibility")
    size = px(page, "main p", "fontSize")
    assert px(page, "main p", "letterSpacing") == pytest.approx(0.12 * size, abs=0.05)
    assert px(page, "main p", "wordSpacing") == pytest.approx(0.16 * size, abs=0.05)
    assert px(page, "main p", "lineHeight") >= 1.5 * size
    assert px(page, "main p", "marginBlockEnd") >= 2 * size


MOVING = """() => {
  const el = document.createElement('div');
  el.style.transition = 'opacity 2s';
  el.style.animation = 'spin 2s infinite';
  document.body.append(el);
  const s = getComputedStyle(el);
  return [s.transitionDuration, s.animationName];
}"""


def test_reduced_motion_turns_off_transitions_and_animations(page, base_url):
    page.goto(base_url + "/")
    assert page.evaluate(MOVING) == ["2s", "spin"]  # what an element asks for normally
    use_settings(page, base_url, "reduced-motion")
    page.goto(base_url + "/")
    assert page.evaluate(MOVING) == ["0s", "none"]


def test_device_settings_apply_without_a_cookie(page, base_url):
    """prefers-reduced-motion and prefers-contrast are honoured on their own."""
    page.emulate_media(reduced_motion="reduce", contrast="more")
    page.goto(base_url + "/privacy")
    assert page.evaluate(MOVING) == ["0s", "none"]
    assert style(page, "main p", "color") == BLACK
    assert style(page, "main a", "color") == BLACK
    assert style(page, "body", "backgroundColor") == WHITE
    assert_accessible(page)


@pytest.mark.parametrize(
    "names",
    [*([n] for n in settings.SETTINGS), list(settings.SETTINGS)],
    ids=[*settings.SETTINGS, "all"],
)
def test_pages_pass_axe_with_each_setting(page, base_url, names):
    use_settings(page, base_url, *names)
    for path in PAGES:
        page.goto(base_url + path)
        expect(page.locator("html")).to_have_class(re.compile(rf"\bpref-{names[0]}\b"))
        assert_accessible(page)


@pytest.mark.browser_context_args(viewport={"width": 320, "height": 640})
@pytest.mark.parametrize("names", [[], list(settings.SETTINGS)], ids=["no settings", "all"])
def test_pages_at_320_px_need_no_sideways_scrolling(page, base_url, names):
    if names:
        use_settings(page, base_url, *names)
    for path in PAGES:
        page.goto(base_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        assert_accessible(page)
