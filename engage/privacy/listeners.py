from __future__ import annotations

from flask import flash
from flask_babel import gettext as _

from engage.privacy import deletion


def cancel_deletion_on_sign_in(_app, user, **_kwargs) -> None:
    """Signing in within the grace period keeps the account."""
    if deletion.cancel(user):
        flash(_("Welcome back. Your account will not be deleted."), "success")
