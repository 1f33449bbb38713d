"""Two people editing the same thing: both load the form, both save (engage.concurrency)."""

from __future__ import annotations

import re
from html import unescape

from tests.factories import csrf_token_from


def load_form(client, url: str, headers: dict | None = None) -> dict:
    """GET the edit page; the hidden values a browser would send back with it."""
    html = client.get(url, headers=headers or {}).get_data(as_text=True)
    values = {"csrf_token": csrf_token_from(html)}
    for name, value in re.findall(r'name="([^"]*lock_version)"[^>]*value="([^"]*)"', html):
        values[name] = unescape(value)
    for value, name in re.findall(r'value="([^"]*)"[^>]*name="([^"]*lock_version)"', html):
        values[name] = unescape(value)
    return values


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


def resent_version(html: str) -> dict:
    """The version the conflict page's form now carries (to save mine over theirs)."""
    match = re.search(r'name="([^"]*lock_version)"[^>]*value="([^"]*)"', html) or re.search(
        r'value="([^"]*)"[^>]*name="([^"]*lock_version)"', html
    )
    assert match, "the conflict page's form carries no version"
    name, value = match.groups()
    if not name.endswith("lock_version"):
        name, value = value, name
    return {name: value}
