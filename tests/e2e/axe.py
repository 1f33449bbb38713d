"""Run axe-core on the page as it is now and fail on any WCAG 2.2 A/AA violation."""

from __future__ import annotations

import hashlib
import re

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

# Signed values (CSRF tokens, email-link tokens) change on every request but never
# change what axe finds, so they are left out when deciding if a page was seen before.
_SIGNED = re.compile(r"[\w-]{8,}\.[\w-]{4,}\.[\w-]{8,}")
_passed: set[str] = set()


def assert_accessible(page, context: str | None = None) -> None:
    """Check ``page``; with JavaScript off, check a scriptless copy of it instead.

    axe's findings depend only on the HTML, the stylesheet and the window size, so
    HTML that already passed at the same size in this test run is not checked again.

    In a context made with ``java_script_enabled=False`` axe never finishes (page
    timers do not fire), so the page's current HTML is loaded at the same URL in a
    JavaScript-enabled page whose own scripts are blocked, and axe runs there.
    """
    html = page.content()
    size = page.viewport_size or {}
    key = hashlib.sha256(
        f"{size.get('width')}x{size.get('height')} {context}\n{_SIGNED.sub('~', html)}".encode()
    ).hexdigest()
    if key in _passed:
        return
    if _page_scripts_ran(page):
        _check(page, page.url, context)
    else:
        _check_scriptless_copy(page, html, context)
    _passed.add(key)


def _page_scripts_ran(page) -> bool:
    # Every page loads htmx; if it is missing, the context runs no page scripts.
    return page.evaluate("typeof window.htmx !== 'undefined'")


def _check(page, url: str, context: str | None) -> None:
    results = _axe.run(page, context=context, options=OPTIONS)
    violations = results.response.get("violations", [])
    if violations:
        lines = []
        for v in violations:
            targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
        raise AssertionError(f"axe-core found violations on {url}:\n" + "\n".join(lines))


def _check_scriptless_copy(page, html: str, context: str | None) -> None:
    copy = _scriptless_copy(page.context.browser)
    if page.viewport_size:
        copy.page.set_viewport_size(page.viewport_size)
    url = page.url.split("#", 1)[0]  # what the copy requests: a URL has no #fragment
    _snapshots[url] = html
    try:
        copy.page.goto(url)
        assert url not in _snapshots, f"the copy of {url} was not served"
        _check(copy.page, page.url, context)
    finally:
        _snapshots.clear()


_snapshots: dict[str, str] = {}
_copies: dict[int, _ScriptlessPage] = {}


class _ScriptlessPage:
    """A reusable JavaScript-enabled page per browser: shows saved HTML, blocks its scripts."""

    def __init__(self, browser):
        self.page = browser.new_context().new_page()
        self.page.route("**/*", self._serve)

    def _serve(self, route) -> None:
        request = route.request
        if request.resource_type == "document" and request.url in _snapshots:
            html = _snapshots.pop(request.url)
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif request.resource_type == "script":
            route.abort()
        else:
            route.continue_()


def _scriptless_copy(browser) -> _ScriptlessPage:
    copy = _copies.get(id(browser))
    if copy is None or copy.page.is_closed():
        copy = _copies[id(browser)] = _ScriptlessPage(browser)
    return copy
