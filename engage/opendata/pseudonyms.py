"""Stable pseudonymous ids for people: the same person always gets the same id, and the
id can't be turned back into an account without the site's SECRET_KEY."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from flask import current_app

PREFIX = "p-"
LENGTH = 16  # hex characters: 64 bits, plenty to keep a city's residents apart


def person_id(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return _person_id(current_app.config["SECRET_KEY"], user_id)


@lru_cache(maxsize=65_536)
def _person_id(secret_key: str, user_id: int) -> str:
    digest = hmac.new(secret_key.encode(), f"engage-person:{user_id}".encode(), hashlib.sha256)
    return PREFIX + digest.hexdigest()[:LENGTH]


RESPONDENT_PREFIX = "r-"


def respondent_id(response_id: int) -> str:
    """A survey response's pseudonym: one per response (a person's answers to one
    questionnaire, or one paper form), unrelated to their person id (see
    engage/opendata/surveys.py)."""
    return _respondent_id(current_app.config["SECRET_KEY"], response_id)


@lru_cache(maxsize=65_536)
def _respondent_id(secret_key: str, response_id: int) -> str:
    message = f"engage-survey-response:{response_id}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256)
    return RESPONDENT_PREFIX + digest.hexdigest()[:LENGTH]
