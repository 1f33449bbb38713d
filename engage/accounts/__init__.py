"""Accounts: registration, sign-in, passwords, profile."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from engage.extensions import db, login_manager


def init_login(app: Flask) -> None:
    from engage.accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str):
        raw_id, _, version = user_id.partition(":")
        if not raw_id.isdigit():
            return None
        user = db.session.get(User, int(raw_id))
        if user is None or str(user.session_version) != version:
            return None
        return user
