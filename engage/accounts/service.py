"""Every change to accounts: registration, verification, passwords, profile, roles."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage import mail, signals
from engage.accounts import lockout, sessions, tokens
from engage.accounts.events import record_security_event
from engage.accounts.models import User, UserRole, find_user_by_email, normalise_email
from engage.accounts.passwords import burn_time_like_a_check, hash_password, verify_password
from engage.accounts.permissions import role_change_refusal
from engage.audit.service import record
from engage.database import utcnow
from engage.extensions import db
from engage.permissions import RESIDENT, ROLES


class AccountError(Exception):
    """A refusal to show the person, attached to a form field where possible."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def register(email: str, display_name: str, password: str, locale: str = "en") -> User | None:
    """Create a resident and send the verification link.

    If the email is already registered, nothing is created and the owner is told by
    email instead, so the page never reveals who has an account.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        # Hash anyway, so the response takes as long as for a new account.
        hash_password(password)
        _send_already_registered(existing)
        return None
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        locale=locale,
        roles=[UserRole(role=RESIDENT)],
    )
    db.session.add(user)
    db.session.flush()
    # The page says which emails come by default and that they can be stopped: creating
    # the account under it is consent to them, recorded with the privacy notice's version.
    signals.email_settings_changed.send(user.id, emails_on=True)
    send_verification(user)
    return user


def create_user(
    email: str, display_name: str, password: str, roles: set[str], verified: bool = True
) -> User:
    """For the CLI and demo data: an account with the given roles, verified by default."""
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError(_("Unknown role: %(roles)s", roles=", ".join(sorted(unknown))))
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with that email already exists."), field="email")
    user = User(
        email=normalise_email(email),
        display_name=display_name,
        password_hash=hash_password(password),
        email_verified_at=utcnow() if verified else None,
        roles=[UserRole(role=r) for r in sorted(roles | {RESIDENT})],
    )
    db.session.add(user)
    db.session.flush()
    record(
        None,
        "user.created",
        "user",
        user.id,
        "created from the command line",
        after={"roles": sorted(user.role_names)},
    )
    return user


def send_verification(user: User) -> None:
    link = mail.external_url("accounts.verify_email", token=tokens.make_verify_token(user))
    mail.send_to(
        user, _l("Confirm your email address"), "accounts/email/verify", user=user, link=link
    )


def _send_already_registered(user: User) -> None:
    link = mail.external_url("accounts.forgot_password")
    subject = _l("Someone tried to register with your email")
    mail.send_to(user, subject, "accounts/email/already_registered", user=user, link=link)


def verify_email(token: str) -> User:
    try:
        user = tokens.user_for_verify_token(token)
    except tokens.TokenError as error:
        if error.expired:
            raise AccountError(_("This link has expired. Sign in to get a new one.")) from None
        raise AccountError(_("This link is not valid. Check you copied all of it.")) from None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


class SignInLocked(AccountError):
    """Too many wrong passwords for this address: refused whatever the password."""


def _locked_message(until) -> str:
    minutes = max(1, -(-int((until - utcnow()).total_seconds()) // 60))
    return _(
        "Sign-in to this account is locked for %(minutes)d more minutes after too many wrong "
        "passwords, so the right password doesn't work either for now. If this is your "
        "account, we have sent you an email with a link that unlocks it straight away.",
        minutes=minutes,
    )


def authenticate(email: str, password: str) -> User | None:
    """The account if the password is right; None if not. Raises SignInLocked.

    Known and unknown addresses take the same path, so the answer and its timing never
    say whether an account exists. Failures are recorded (the caller commits them even
    though the sign-in is refused).
    """
    user = find_user_by_email(email)
    until = lockout.locked_until(email)
    if until is not None:
        burn_time_like_a_check(password)
        if user is not None:
            record_security_event(user, "sign_in_refused_locked")
        raise SignInLocked(_locked_message(until), field="password")
    if user is None:
        burn_time_like_a_check(password)
        _count_failure(email, None)
        return None
    if not verify_password(user.password_hash, password):
        record_security_event(user, "sign_in_failed")
        _count_failure(email, user)
        return None
    lockout.clear(email)
    user.last_login_at = utcnow()
    return user


def _count_failure(email: str, user: User | None) -> None:
    until = lockout.note_failure(email)
    if until is None:
        return
    if user is not None:
        record_security_event(user, "locked")
        _send_unlock_link(user, until)
    raise SignInLocked(_locked_message(until), field="password")


def _send_unlock_link(user: User, until) -> None:
    link = mail.external_url("accounts.unlock", token=tokens.make_unlock_token(user, until))
    mail.send_to(
        user,
        _l("Sign-in to your account is locked"),
        "accounts/email/unlock",
        user=user,
        link=link,
        minutes=int((until - utcnow()).total_seconds() // 60),
    )


def unlock_sign_in(token: str) -> tuple[User, bool]:
    """Follow an emailed unlock link: the account, and whether a lock was lifted."""
    try:
        user, until = tokens.unlock_token_data(token)
    except tokens.TokenError as error:
        if error.expired:
            raise AccountError(_("This unlock link has expired.")) from None
        raise AccountError(_("This link is not valid. Check you copied all of it.")) from None
    lifted = lockout.unlock(user, until)
    if lifted:
        record_security_event(user, "unlocked")
    return user, lifted


def sign_in(user: User) -> sessions.UserSession:
    """A new server-side session for a person who just proved who they are."""
    row = sessions.start_session(user)
    record_security_event(user, "signed_in")
    return row


def sign_out(user: User) -> None:
    if user.login_session is not None:
        sessions.end_session(user.login_session)


def sign_out_everywhere(user: User) -> int:
    ended = sessions.end_other_sessions(user, keep=None)
    record_security_event(user, "signed_out_everywhere", sessions=ended)
    return ended


def end_session(user: User, session_id: int) -> bool | None:
    """End one of the user's sessions: None if it isn't theirs, else whether it was this one."""
    row = db.session.get(sessions.UserSession, session_id)
    if row is None or row.user_id != user.id:
        return None
    current = user.login_session is not None and row.id == user.login_session.id
    if not current:
        record_security_event(user, "session_ended", browser=row.browser, system=row.system)
    sessions.end_session(row)
    return current


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; say the same thing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = mail.external_url("accounts.reset_password", token=tokens.make_reset_token(user))
    mail.send_to(user, _l("Reset your password"), "accounts/email/reset", user=user, link=link)


def user_for_reset(token: str) -> User:
    try:
        return tokens.user_for_reset_token(token)
    except tokens.TokenError as error:
        if error.expired:
            raise AccountError(_("This reset link has expired. Ask for a new one.")) from None
        raise AccountError(
            _("This reset link is not valid or has already been used. Ask for a new one.")
        ) from None


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_version += 1
    # Following an emailed link proves the address too.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


def reset_password(token: str, password: str) -> User:
    """A new password from an emailed link: every session ends, a sign-in lock lifts."""
    user = user_for_reset(token)
    set_password(user, password)
    sessions.end_other_sessions(user, keep=None)
    lockout.clear(user.email)
    record_security_event(user, "password_reset")
    return user


def change_password(user: User, current: str, new: str) -> None:
    """A new password: this session goes on, every other one ends."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Your current password is not right."), field="current_password")
    set_password(user, new)
    sessions.end_other_sessions(user, keep=user.login_session)
    record_security_event(user, "password_changed")


def update_profile(user: User, display_name: str, locale: str) -> None:
    user.display_name = display_name.strip()
    user.locale = locale


def change_roles(actor: User, target: User, roles: set[str], reason: str) -> bool:
    """Set a user's roles (resident always kept); recorded with who, when and why."""
    roles = (roles & set(ROLES)) | {RESIDENT}
    before = sorted(target.role_names)
    if set(before) == roles:
        return False
    refusal = role_change_refusal(actor, target, roles)
    if refusal:
        raise AccountError(refusal, field="roles")
    if not reason.strip():
        raise AccountError(_("Say why the roles are changing."), field="reason")
    target.roles = [r for r in target.roles if r.role in roles]
    for role in sorted(roles - set(before)):
        target.roles.append(UserRole(role=role))
    record(
        actor,
        "user.roles_changed",
        "user",
        target.id,
        reason.strip(),
        before={"roles": before},
        after={"roles": sorted(roles)},
    )
    return True
