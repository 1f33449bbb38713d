"""A city's branding in the header: its logo and colour, from the configuration.

The colour comes in a second, tiny stylesheet (/brand.css, cached for good under a
version) so app.css stays the same file for every site and no inline style is needed; the
Content-Security-Policy allows a logo's host when the logo is on another site.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Branding:
    logo_url: str = ""
    style: str = ""  # /brand.css, or "" for app.css's own colour
    version: str = ""  # changes with ``style``, so browsers may keep it for good
    logo_source: str = ""  # the CSP source allowing the logo's host, or ""


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (at least 4.5:1 always)."""
    return "#fff" if contrast(background, "#ffffff") >= contrast(background, "#000000") else "#000"


def _logo_source(url: str) -> str:
    if not url or url.startswith("data:image/") or (url.startswith("/") and url[1:2] != "/"):
        return ""  # this site, or the policy's data: already
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise RuntimeError(
            f"SITE_LOGO_URL must be a path on this site (/static/logo.svg) or an http(s) "
            f"address, not {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def from_config(config) -> Branding:
    colour = config.get("BRAND_COLOUR") or ""
    logo = config.get("SITE_LOGO_URL") or ""
    if colour and not COLOUR.fullmatch(colour):
        raise RuntimeError(f"BRAND_COLOUR must be a colour written #rrggbb, not {colour!r}.")
    style = version = ""
    if colour:
        style = f":root{{--brand:{colour.lower()};--brand-text:{text_colour_on(colour)}}}\n"
        version = hashlib.sha256(style.encode()).hexdigest()[:8]
    return Branding(logo, style, version, _logo_source(logo))


def init_app(app: Flask) -> None:
    app.extensions["branding"] = from_config(app.config)
