"""Every change to a second factor: enrol, check a code, new recovery codes, reset."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.security import check_password_hash, generate_password_hash

from engage.accounts import sessions
from engage.accounts.events import record_security_event
from engage.accounts.models import User
from engage.audit.service import record
from engage.database import utcnow
from engage.extensions import db
from engage.permissions import RESIDENT
from engage.two_factor.models import RecoveryCode

RECOVERY_CODE_COUNT = 10
# Recovery codes: 10 characters that can't be mistaken for each other (about 50 bits).
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# The codes are random, so a fast salted hash is enough; checking ten stays quick.
_RECOVERY_HASH = "pbkdf2:sha256:20000"
# Codes from the step before and after the current 30 seconds are accepted (clock drift).
_DRIFT_STEPS = 1


class TwoFactorError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def has_staff_role(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.role_names - {RESIDENT})


def needs_second_factor(user: Any) -> bool:
    """A moderator, official or admin who hasn't set up a second factor yet."""
    return has_staff_role(user) and not user.has_second_factor


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["SITE_NAME"]
    )


def qr_code_svg(uri: str, label: str) -> Markup:
    """The otpauth link as a QR code, drawn here as inline SVG (no script, no request)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="qr-code", lineclass=None, omitsize=False
    )
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1)
    return Markup(svg)  # noqa: S704 - segno's output, with an escaped label


def _totp_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step whose code this is (within the drift allowed); None if none matches.

    Raises when the code matches a step already used: each code signs in once.
    """
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    for step in range(now - _DRIFT_STEPS, now + _DRIFT_STEPS + 1):
        # Bytes: compare_digest refuses str with non-ASCII characters (a 500, not a no).
        if hmac.compare_digest(totp.generate_otp(step).encode(), code.encode()):
            if after is not None and step <= after:
                raise TwoFactorError(
                    _("That code was used already. Wait for the next one in your app.")
                )
            return step
    return None


def _digits(code: str) -> str:
    return "".join(c for c in (code or "") if not c.isspace())


def normalise_recovery_code(code: str) -> str:
    return "".join(c for c in (code or "").lower() if c.isalnum())


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones; returns them as shown."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(
            RecoveryCode(
                user_id=user.id, code_hash=generate_password_hash(raw, method=_RECOVERY_HASH)
            )
        )
    return codes


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Set up (or replace) the authenticator once a code from it is right."""
    step = _totp_step(secret, _digits(code), None)
    if step is None:
        raise TwoFactorError(
            _("That code doesn't match. Check the time on your device and enter the newest code.")
        )
    replacing = user.has_second_factor
    user.totp_secret = secret
    user.totp_enrolled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    action = "two_factor.replaced" if replacing else "two_factor.enrolled"
    record(user, action, "user", user.id, after={"recovery_codes": RECOVERY_CODE_COUNT})
    record_security_event(user, "second_factor_enabled", replaced=replacing)
    return codes


def enrol_for_demo(user: User, secret: str) -> None:
    """Demo accounts share one published secret (``flask seed-demo``): development only."""
    user.totp_secret = secret
    user.totp_enrolled_at = utcnow()
    record(None, "two_factor.enrolled", "user", user.id, "demo data (flask seed-demo)")


def current_code(user: User) -> str:
    """The code the account's app shows now (``flask totp-code``, development only)."""
    return pyotp.TOTP(user.totp_secret).now()


def new_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    record(
        user,
        "two_factor.recovery_codes_replaced",
        "user",
        user.id,
        after={"recovery_codes": RECOVERY_CODE_COUNT},
    )
    record_security_event(user, "recovery_codes_regenerated")
    return codes


def check_code(user: User, code: str) -> str:
    """Accept a code from the app or an unused recovery code; says which ("totp"/"recovery")."""
    if not user.has_second_factor:
        raise TwoFactorError(_("This account has no second factor."))
    digits = _digits(code)
    if digits.isdigit() and len(digits) == 6:
        step = _totp_step(user.totp_secret, digits, user.totp_last_step)
        if step is None:
            raise TwoFactorError(
                _("That code isn't right. Enter the newest code from your app, or a recovery code.")
            )
        user.totp_last_step = step
        return "totp"
    wanted = normalise_recovery_code(code)
    if len(wanted) == 10:
        unused = db.session.scalars(
            db.select(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
            .order_by(RecoveryCode.id)
        ).all()
        for stored in unused:
            if check_password_hash(stored.code_hash, wanted):
                stored.used_at = utcnow()
                record(
                    user,
                    "two_factor.recovery_code_used",
                    "user",
                    user.id,
                    after={"recovery_codes_left": len(unused) - 1},
                )
                record_security_event(user, "recovery_code_used", left=len(unused) - 1)
                return "recovery"
    raise TwoFactorError(
        _("That code isn't right. Enter the newest code from your app, or a recovery code.")
    )


def reset(actor: User, target: User, reason: str) -> None:
    """An admin removes someone's second factor (lost phone): they set it up again."""
    if not reason.strip():
        raise TwoFactorError(_("Say why the second factor is being reset."))
    target.totp_secret = None
    target.totp_enrolled_at = None
    target.totp_last_step = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == target.id))
    # Signed out everywhere: whoever holds the old factor's sessions starts again.
    target.session_version += 1
    sessions.end_other_sessions(target, keep=None)
    record(actor, "two_factor.reset", "user", target.id, reason.strip())
    record_security_event(target, "second_factor_reset")
