"""The display preferences cookie: which settings exist, reading and writing it.

The cookie holds only setting names from ``SETTINGS``, joined by dots; anything else
in it is ignored. It is not signed because nothing in it needs trusting: the server
only turns known names into classes on ``<html>``, which app.css styles.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, request
from flask_babel import lazy_gettext as _l

COOKIE = "display"
MAX_AGE = 365 * 24 * 3600

# name -> (label, hint). The CSS class is "pref-<name>".
SETTINGS = {
    "large-text": (_l("Larger text"), _l("Makes all text a quarter bigger.")),
    "high-contrast": (
        _l("High contrast"),
        _l("Black text on a white background, with thicker borders and underlines."),
    ),
    "reduced-motion": (
        _l("Reduce motion"),
        _l("Turns off animations and smooth scrolling."),
    ),
    "spacing": (
        _l("Wider spacing"),
        _l("More space between letters, words, lines and paragraphs."),
    ),
}


def parse(values: Iterable[str]) -> list[str]:
    """Known setting names only, once each, in the order of ``SETTINGS``."""
    chosen = set(values)
    return [name for name in SETTINGS if name in chosen]


def current() -> list[str]:
    if not request:
        return []
    return parse(request.cookies.get(COOKIE, "").split("."))


def html_classes() -> str:
    return " ".join(f"pref-{name}" for name in current())


def store(response, chosen: list[str]) -> None:
    """Remember the settings on this browser; choosing none removes the cookie."""
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if not chosen:
        response.delete_cookie(COOKIE, samesite="Lax", httponly=True, secure=secure)
        return
    response.set_cookie(
        COOKIE, ".".join(chosen), max_age=MAX_AGE, samesite="Lax", httponly=True, secure=secure
    )
