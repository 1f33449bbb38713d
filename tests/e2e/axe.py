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

# The page in two parts: <main> (with the title and <html> attributes), and everything
# around it (<head>, header, footer). Hidden inputs are blanked: their values (tokens,
# the current path) never change what axe finds.
_PARTS = """() => {
  const main = document.querySelector('body > main');
  if (!main) return null;
  const body = document.body.cloneNode(true);
  for (const input of body.querySelectorAll('input[type=hidden]')) input.setAttribute('value', '');
  const html = document.documentElement;
  const attrs = Array.from(html.attributes, a => a.name + '=' + a.value).join(' ');
  const ownMain = body.querySelector(':scope > main');
  const mainHtml = ownMain.outerHTML;
  ownMain.replaceChildren();
  return [attrs + ' ' + document.title + ' ' + mainHtml,
          attrs + ' ' + document.head.outerHTML + body.outerHTML];
}"""


def assert_accessible(page, context: str | None = None) -> None:
    """Check ``page``; with JavaScript off, check a scriptless copy of it instead.

    axe's findings depend only on the HTML, the stylesheet and the window size. A
    page is not checked again when, at the same size in this test run, its <main>
    already passed on one page and everything around <main> passed on another:
    the header, footer and main of Engage's pages share no ids, headings or
    landmarks, so a page is as accessible as its two parts. This keeps the sweep of
    every page for every role fast (mostly the header changes with the role).

    In a context made with ``java_script_enabled=False`` axe never finishes (page
    timers do not fire), so the page's current HTML is loaded at the same URL in a
    JavaScript-enabled page whose own scripts are blocked, and axe runs there.
    """
    size = page.viewport_size or {}
    parts = page.evaluate(_PARTS) if context is None else None
    keys = [_key(size, context, part) for part in (parts or [page.content()])]
    if all(key in _passed for key in keys):
        return
    if _page_scripts_ran(page):
        _check(page, page.url, context)
    else:
        _check_scriptless_copy(page, page.content(), context)
    _passed.update(keys)


def _key(size: dict, context: str | None, html: str) -> str:
    text = f"{size.get('width')}x{size.get('height')} {context}\n{_SIGNED.sub('~', html)}"
    return hashlib.sha256(text.encode()).hexdigest()


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
