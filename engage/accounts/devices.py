"""A rough device name ("Firefox on Android") from a User-Agent header.

Only the two short names are kept (with a session or a security event), never the header
itself: enough for a person to recognise their own phone, too little to fingerprint them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from flask import has_request_context, request
from flask_babel import gettext as _

# Order matters: many browsers also claim to be Chrome and Safari.
_BROWSERS = (
    ("Edge", r"\bEdg(e|A|iOS)?/"),
    ("Opera", r"\b(OPR|Opera)/"),
    ("Samsung Internet", r"\bSamsungBrowser/"),
    ("Firefox", r"\b(Firefox|FxiOS)/"),
    ("Chrome", r"\b(Chrome|CriOS|Chromium)/"),
    ("Safari", r"\bSafari/"),
)
_SYSTEMS = (
    ("Android", r"\bAndroid\b"),
    ("iPhone", r"\biPhone\b"),
    ("iPad", r"\biPad\b"),
    ("ChromeOS", r"\bCrOS\b"),
    ("Windows", r"\bWindows\b"),
    ("macOS", r"\bMac OS X\b|\bMacintosh\b"),
    ("Linux", r"\bLinux\b|\bX11\b"),
)


class Device(NamedTuple):
    browser: str  # "" when not recognised
    system: str


def device_from_user_agent(user_agent: str | None) -> Device:
    agent = (user_agent or "")[:512]
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, agent)), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, agent)), "")
    return Device(browser, system)


def current_device() -> Device:
    if not has_request_context():
        return Device("", "")
    return device_from_user_agent(request.headers.get("User-Agent"))


def device_label(browser: str | None, system: str | None) -> str:
    """For people: "Firefox on Android", "Firefox", "Android" or "Unknown device"."""
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown device")
