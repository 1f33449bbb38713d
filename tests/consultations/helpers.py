"""Helpers for consultation and proposal tests."""

from __future__ import annotations

import html
import re

from tests.factories import token_for

HX = {"HX-Request": "true"}


def token(client) -> str:
    return token_for(client)


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST with a valid CSRF token taken from the home page."""
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, **kwargs)


def text(response) -> str:
    """The page as text with entities decoded, for simple 'in' checks."""
    return html.unescape(response.get_data(as_text=True))


def field_value(page: str, name: str) -> str:
    """The value of an input or the content of a textarea called ``name``."""
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    if area:
        return html.unescape(area.group(1)).removeprefix("\r\n").removeprefix("\n")
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag, f"no field named {name!r}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""
