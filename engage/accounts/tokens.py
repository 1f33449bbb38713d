"""Signed, expiring tokens for links in emails. No table: the signature is the record."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from engage.accounts.models import User
from engage.extensions import db

VERIFY_SALT = "engage.verify-email"
RESET_SALT = "engage.reset-password"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _password_fingerprint(user: User) -> str:
    # Changes when the password does, which makes a reset link single-use.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_verify_token(user: User) -> str:
    return _serializer(VERIFY_SALT).dumps({"uid": user.id, "email": user.email})


def make_reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"uid": user.id, "pw": _password_fingerprint(user)})


class TokenError(Exception):
    def __init__(self, expired: bool):
        self.expired = expired


def _load(token: str, salt: str, max_age: int) -> dict:
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(expired=True) from None
    except BadSignature:
        raise TokenError(expired=False) from None


def user_for_verify_token(token: str) -> User:
    data = _load(token, VERIFY_SALT, current_app.config["EMAIL_VERIFY_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise TokenError(expired=False)
    return user


def user_for_reset_token(token: str) -> User:
    data = _load(token, RESET_SALT, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("pw") != _password_fingerprint(user):
        raise TokenError(expired=False)
    return user


UNLOCK_SALT = "engage.unlock-sign-in"


def make_unlock_token(user: User, until) -> str:
    return _serializer(UNLOCK_SALT).dumps({"uid": user.id, "until": until.isoformat()})


def unlock_token_data(token: str) -> tuple[User, str]:
    """The account and the lock (its end time) an unlock link was made for."""
    data = _load(token, UNLOCK_SALT, current_app.config["ACCOUNT_UNLOCK_MAX_AGE"])
    user = db.session.get(User, data.get("uid")) if isinstance(data.get("uid"), int) else None
    if user is None or not isinstance(data.get("until"), str):
        raise TokenError(expired=False)
    return user, data["until"]
