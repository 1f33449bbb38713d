"""Steps shared by the two-factor tests: set up an app through the pages, read codes."""

from __future__ import annotations

import html
import re

import pyotp

from tests.factories import post_form

SETUP = "/account/two-factor"
VERIFY = "/account/two-factor/verify"


def secret_on(page: str) -> str:
    """The key the setup page shows for typing by hand (in groups of four)."""
    match = re.search(r'<code class="secret-key"[^>]*>([A-Z2-7 ]+)</code>', page)
    assert match, "no key on the setup page"
    return match.group(1).replace(" ", "")


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r'<li><code lang="en" dir="ltr">([a-z0-9]{5}-[a-z0-9]{5})</code></li>', page)


def enrol(client, next_url: str | None = None) -> tuple[str, list[str]]:
    """Set up two-factor sign-in as the signed-in person; returns the key and the codes."""
    page = client.get(SETUP).get_data(as_text=True)
    secret = secret_on(page)
    data = {"code": pyotp.TOTP(secret).now()}
    if next_url:
        data["next"] = next_url
    response = post_form(client, SETUP, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    codes = recovery_codes_on(html.unescape(response.get_data(as_text=True)))
    assert len(codes) == 10
    return secret, codes


def password_step(client, user, password, **extra):
    return post_form(client, "/account/login", {"email": user.email, "password": password, **extra})
