"""Two people editing the same thing: both load the form, both save (engage.concurrency)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _FormValues(HTMLParser):
    """What a browser would send from the page's form that posts to ``action``."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.values = action, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action and a.get("method") == "post"
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "radio", "checkbox"):
            self.values[name] = a.get("value") or ""
        elif tag == "input" and name and "checked" in a:
            self.values[name] = a.get("value") or "y"
        elif tag == "textarea" and name:
            self._textarea, self.values[name] = name, ""
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.values)
        ):
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            value = self.values[self._textarea] + data
            self.values[self._textarea] = value.removeprefix("\r\n").removeprefix("\n")


def load_form(client, url: str, headers: dict | None = None, action: str | None = None) -> dict:
    """GET the edit page; the values a browser would send back from its form."""
    html = client.get(url, headers=headers or {}).get_data(as_text=True)
    parser = _FormValues(action or url)
    parser.feed(html)
    assert "csrf_token" in parser.values, f"no form posting to {action or url}"
    return parser.values


def assert_conflict_page(response, mine: str, theirs: str) -> str:
    """The second save is refused: 409, "Error:" title, both texts, the two choices."""
    assert response.status_code == 409, response.get_data(as_text=True)[:3000]
    html = response.get_data(as_text=True)
    assert "Someone else changed this while you were editing" in html
    assert mine in html and theirs in html  # theirs beside mine
    assert "Save mine over theirs" in html
    assert "Start from their version (discard mine)" in html
    if "<title>" in html:
        assert re.search(r"<title>\s*Error:", html)
    return html


def resent_version(html: str, action: str) -> dict:
    """The version the conflict page's form now carries (to save mine over theirs)."""
    parser = _FormValues(action)
    parser.feed(html)
    versions = {k: v for k, v in parser.values.items() if k.endswith("lock_version")}
    assert versions, "the conflict page's form carries no version"
    return versions
