"""Small helpers for account tests: links in emails, form values in pages."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message, path_prefix: str) -> str:
    """The path (with query) of the first link in the plain-text body under ``path_prefix``."""
    for url in re.findall(r"https?://\S+", text_of(message)):
        parts = urlsplit(url)
        if parts.path.startswith(path_prefix):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no {path_prefix} link in:\n{text_of(message)}")


def input_value(page: str, name: str) -> str | None:
    """The value attribute of the input called ``name``, unescaped; None if it has none."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag, f"no input named {name!r} in page"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None
