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


def form_html(page: str, action: str) -> str:
    """The HTML of the first form that posts to ``action``."""
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>.*?</form>', page, re.S)
    assert match, f"no form posting to {action} in page"
    return match.group(0)


def input_value(page: str, name: str, form: str | None = None) -> str | None:
    """The value of the input called ``name`` (in the form posting to ``form``), unescaped."""
    if form is not None:
        page = form_html(page, form)
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag, f"no input named {name!r} in page"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def without_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked, to compare two pages from different sessions."""
    return re.sub(r"[\w\-]+\.[\w\-]+\.[\w\-]+", "TOKEN", page)
