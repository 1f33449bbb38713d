"""Stable pseudonymous ids for people: the same person always gets the same id, and the
id can't be turned back into an account without the site's SECRET_KEY."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

PREFIX = "p-"
LENGTH = 16  # hex characters: 64 bits, plenty to keep a city's residents apart


def person_id(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"engage-person:{user_id}".encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:LENGTH]
