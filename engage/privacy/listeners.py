from __future__ import annotations

from flask import flash
from flask_babel import gettext as _

from engage.privacy import consent, deletion
from engage.privacy.models import ConsentPurpose


def cancel_deletion_on_sign_in(_app, user, **_kwargs) -> None:
    """Signing in within the grace period keeps the account."""
    if deletion.cancel(user):
        flash(_("Welcome back. Your account will not be deleted."), "success")


def record_email_consent(user_id: int, emails_on: bool, **_kwargs) -> None:
    """Turning every email off, or one back on, is a consent withdrawn or given, recorded
    with the privacy notice's version."""
    consent.record(user_id, ConsentPurpose.EMAILS, given=emails_on)
