"""Factories: objects made in the database with sensible defaults, one call each."""

from __future__ import annotations

import itertools
import re

from engage.accounts.models import User, UserRole
from engage.accounts.passwords import hash_password
from engage.database import utcnow
from engage.extensions import db
from engage.permissions import RESIDENT

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


class Factories:
    def user(
        self,
        *roles: str,
        verified: bool = True,
        email: str | None = None,
        name: str | None = None,
        password: str = PASSWORD,
        locale: str = "en",
    ) -> User:
        n = next(_counter)
        user = User(
            email=email or f"person{n}@example.org",
            display_name=name or f"Person {n}",
            password_hash=hash_password(password),
            locale=locale,
            email_verified_at=utcnow() if verified else None,
            roles=[UserRole(role=r) for r in sorted(set(roles) | {RESIDENT})],
        )
        db.session.add(user)
        db.session.commit()
        return user


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in page"
    return match.group(1)


def post_form(client, url: str, data: dict, **kwargs):
    """GET the page for its CSRF token, then POST the form, as a browser would."""
    page = client.get(kwargs.pop("form_url", url))
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def login(client, user: User, password: str = PASSWORD):
    response = post_form(client, "/account/login", {"email": user.email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response
