"""Setting up a second factor, the sign-in step that asks for it, and the staff gate."""

from __future__ import annotations

import time

from flask import (
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user

from engage.accounts import service as accounts_service
from engage.accounts.models import User
from engage.accounts.passwords import verify_password
from engage.extensions import db, limiter
from engage.forms import ActionForm, form_status
from engage.htmx import render
from engage.security import safe_next_url
from engage.text import one_full_stop
from engage.two_factor import bp, forms, service

# Between the password and the code: who, for how long, and where to go after.
PENDING = "two_factor_pending"
PENDING_SECONDS = 600
# Wrong codes allowed for one password step; then the password is asked for again.
MAX_FAILURES = 5
# A new secret, kept until a code from it proves the app has it.
NEW_SECRET = "two_factor_new_secret"  # noqa: S105 - a session key


def _failed_post(response) -> bool:
    return request.method == "POST" and response.status_code >= 400


def _pending_key() -> str:
    pending = session.get(PENDING) or {}
    return f"two-factor-account:{pending.get('user', 'none')}"


def finish_password_step(user, remember: bool, next_url: str, **_kwargs):
    """After a right password (signals.password_accepted): ask for the code, or sign in
    and send staff to set one up; None lets the sign-in finish as usual."""
    if user.has_second_factor:
        session[PENDING] = {
            "user": user.id,
            "version": user.session_version,
            "remember": bool(remember),
            "next": next_url,
            "at": int(time.time()),
            "failures": 0,
        }
        return redirect(url_for("two_factor.verify"), 303)
    if not service.needs_second_factor(user):
        return None
    accounts_service.sign_in(user)
    login_user(user, remember=remember)
    flash(one_full_stop(_("You are signed in as %(name)s.", name=user.display_name)), "success")
    return redirect(url_for("two_factor.setup", next=next_url), 303)


def _pending_user():
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None

    user = db.session.get(User, pending.get("user"))
    if user is None or user.session_version != pending.get("version"):
        return None, None
    return user, pending


@bp.route("/account/two-factor/verify", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_TWO_FACTOR"], methods=["POST"], deduct_when=_failed_post
)
@limiter.limit(
    lambda: current_app.config["RATELIMIT_TWO_FACTOR_ACCOUNT"],
    methods=["POST"],
    key_func=_pending_key,
    deduct_when=_failed_post,
)
def verify():
    """The second step of signing in: the session is signed in only after it."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Please sign in again: the time to enter the code ran out."), "info")
        return redirect(url_for("accounts.login"), 303)
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            kind = service.check_code(user, form.code.data)
        except service.TwoFactorError as error:
            pending["failures"] = pending.get("failures", 0) + 1
            if pending["failures"] >= MAX_FAILURES:
                session.pop(PENDING, None)
                flash(_("Too many wrong codes. Sign in again to try more."), "error")
                return redirect(url_for("accounts.login"), 303)
            session[PENDING] = pending
            form.code.errors.append(error.message)
        else:
            session.pop(PENDING, None)
            accounts_service.sign_in(user)
            login_user(user, remember=pending.get("remember", False))
            name = user.display_name
            flash(one_full_stop(_("You are signed in as %(name)s.", name=name)), "success")
            if kind == "recovery":
                left = service.unused_recovery_codes(user)
                flash(_recovery_codes_left(left), "info")
            return redirect(safe_next_url(pending.get("next"), url_for("main.home")), 303)
    return render("two_factor/verify.html", form=form, status=form_status(form))


def _recovery_codes_left(left: int) -> str:
    message = ngettext(
        "You used a recovery code. You have %(num)d left.",
        "You used a recovery code. You have %(num)d left.",
        left,
    )
    if left <= 3:
        message += " " + _("Make new ones from your account page.")
    return message


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def setup():
    """Set up an authenticator app; once set up, see its state and manage it."""
    next_url = safe_next_url(request.values.get("next"), url_for("accounts.profile"))
    replacing = bool(_new_secret()) and current_user.has_second_factor
    if current_user.has_second_factor and not replacing:
        if request.method == "POST":
            return redirect(url_for("two_factor.setup"), 303)
        return render(
            "two_factor/manage.html",
            codes_left=service.unused_recovery_codes(current_user),
            codes_form=forms.PasswordConfirmForm(prefix="codes"),
            replace_form=forms.PasswordConfirmForm(prefix="replace"),
        )
    secret = _new_secret() or _start_new_secret()
    form = forms.EnrolForm()
    if form.validate_on_submit():
        try:
            codes = service.enrol(current_user, secret, form.code.data)
        except service.TwoFactorError as error:
            form.code.errors.append(error.message)
        else:
            session.pop(NEW_SECRET, None)
            flash(_("Two-factor sign-in is set up."), "success")
            return render("two_factor/recovery_codes.html", codes=codes, next_url=next_url)
    uri = service.provisioning_uri(current_user, secret)
    return render(
        "two_factor/setup.html",
        form=form,
        next_url=next_url,
        replacing=replacing,
        secret=service.grouped(secret),
        uri=uri,
        qr_code=service.qr_code_svg(uri, _("QR code for your authenticator app")),
        status=form_status(form),
    )


def _new_secret() -> str | None:
    """The secret being set up, if it is this account's (a shared computer keeps cookies)."""
    kept = session.get(NEW_SECRET)
    if isinstance(kept, dict) and kept.get("user") == current_user.id:
        return kept.get("secret")
    return None


def _start_new_secret() -> str:
    secret = service.new_secret()
    session[NEW_SECRET] = {"user": current_user.id, "secret": secret}
    return secret


def _confirmed_password(form) -> bool:
    if not form.validate_on_submit():
        return False
    if verify_password(current_user.password_hash, form.password.data):
        return True
    form.password.errors.append(_("Your password is not right."))
    return False


def _manage_again(**forms_given):
    forms_given.setdefault("codes_form", forms.PasswordConfirmForm(prefix="codes"))
    forms_given.setdefault("replace_form", forms.PasswordConfirmForm(prefix="replace"))
    return render(
        "two_factor/manage.html",
        codes_left=service.unused_recovery_codes(current_user),
        status=422,
        **forms_given,
    )


@bp.post("/account/two-factor/recovery-codes")
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_TWO_FACTOR"], deduct_when=_failed_post)
def new_recovery_codes():
    """Ten new recovery codes (the old ones stop working), shown once."""
    form = forms.PasswordConfirmForm(prefix="codes")
    if not current_user.has_second_factor:
        return redirect(url_for("two_factor.setup"), 303)
    if not _confirmed_password(form):
        return _manage_again(codes_form=form)
    codes = service.new_recovery_codes(current_user)
    flash(_("You have new recovery codes. The old ones no longer work."), "success")
    return render(
        "two_factor/recovery_codes.html", codes=codes, next_url=url_for("two_factor.setup")
    )


@bp.post("/account/two-factor/replace")
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_TWO_FACTOR"], deduct_when=_failed_post)
def replace():
    """Move to a new authenticator app: the old one works until the new one is confirmed."""
    form = forms.PasswordConfirmForm(prefix="replace")
    if not current_user.has_second_factor:
        return redirect(url_for("two_factor.setup"), 303)
    if not _confirmed_password(form):
        return _manage_again(replace_form=form)
    _start_new_secret()
    return redirect(url_for("two_factor.setup"), 303)


@bp.post("/account/two-factor/replace/cancel")
@login_required
def cancel_replace():
    form = ActionForm()
    if form.validate_on_submit():
        session.pop(NEW_SECRET, None)
    return redirect(url_for("two_factor.setup"), 303)


def staff_gate(code: int, error: Exception | None = None):
    """A staff page refused to staff without a second factor: send them to set it up."""
    if code not in (403, 404) or not service.needs_second_factor(current_user):
        return None
    flash(_("Set up two-factor sign-in to use the pages for your staff role."), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    response = redirect(url_for("two_factor.setup", next=target), 303)
    if request.headers.get("HX-Request"):
        response.headers["HX-Redirect"] = response.location
    return response
