"""Password policy (NIST 800-63B style: length and a common-password list) and hashing."""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from engage.forms import too_long

MIN_LENGTH = 10
MAX_LENGTH = 128


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from public breach corpora.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # here: large, needed on first check

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "", display_name: str = "") -> str | None:
    """Why this password is refused, in words a person can act on; None if it is fine."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters. A short sentence works well.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(too_long(MAX_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) < 4:
        return str(_l("This password is too common and easy to guess. Choose another."))
    local_part = email.split("@", 1)[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        display_name and display_name.lower() == lowered
    ):
        return str(_l("Don't use your email address or name in your password."))
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# A real hash to compare against when the email is unknown, so timing doesn't reveal it.
_DUMMY_HASHES: dict[str, str] = {}


def burn_time_like_a_check(password: str) -> None:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password", method=method)
    check_password_hash(_DUMMY_HASHES[method], password)
