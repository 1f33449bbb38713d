from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage import signals
from engage.accounts import bp, forms, service
from engage.accounts.events import recent_events
from engage.accounts.sessions import sessions_of
from engage.extensions import db, limiter
from engage.forms import ActionForm, form_status
from engage.htmx import render
from engage.params import arg_int
from engage.security import safe_next_url
from engage.text import one_full_stop


def _finish_sign_in(user, remember: bool, next_url: str):
    """After the right password: signed in now, unless a receiver of password_accepted
    answers with another step first (engage.two_factor asks for the code)."""
    for _receiver, response in signals.password_accepted.send(
        user, remember=remember, next_url=next_url
    ):
        if response is not None:
            return response
    service.sign_in(user)
    login_user(user, remember=remember)
    flash(one_full_stop(_("You are signed in as %(name)s.", name=user.display_name)), "success")
    return redirect(next_url, 303)


def _failed_post(response) -> bool:
    """Only refused attempts count towards the sign-in limit."""
    return request.method == "POST" and response.status_code >= 400


def _invalid(template: str, **context):
    return render(template, status=form_status(), **context)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    """Create an account; the same reply whether or not the email was known."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        service.register(
            form.email.data, form.display_name.data, form.password.data, locale=str(get_locale())
        )
        return redirect(url_for("accounts.check_email", email=form.email.data), 303)
    return _invalid("accounts/register.html", form=form)


@bp.get("/check-email")
def check_email():
    return render("accounts/check_email.html", email=request.args.get("email", ""))


@bp.get("/verify/<token>")
def verify_email(token: str):
    try:
        user = service.verify_email(token)
    except service.AccountError as error:
        return render("accounts/link_problem.html", message=error.message, status=400)
    flash(_("Thank you, your email address %(email)s is confirmed.", email=user.email), "success")
    target = "main.home" if current_user.is_authenticated else "accounts.login"
    return redirect(url_for(target), 303)


@bp.post("/verify/resend")
@login_required
def resend_verification():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    if not current_user.is_verified:
        service.send_verification(current_user)
    flash(_("We sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.profile"), 303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"], deduct_when=_failed_post
)
def login():
    """Sign in; a wrong email and a wrong password get the same message."""
    next_url = safe_next_url(request.values.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.email.data, form.password.data)
        except service.SignInLocked as error:
            form.password.errors.append(error.message)
        else:
            if user is not None:
                return _finish_sign_in(user, form.remember.data, next_url)
            form.password.errors.append(_("That email and password don't match an account."))
        # The refusal is an error response, whose writes are rolled back: the failure
        # count, lock and security events must stand, so they are committed here.
        db.session.commit()
    return _invalid("accounts/login.html", form=form, next_url=next_url)


@bp.post("/logout")
def logout():
    """Sign out: the server forgets this session, so no copy of its cookies works again."""
    form = ActionForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            service.sign_out(current_user._get_current_object())
        logout_user()
        flash(_("You are signed out."), "success")
    return redirect(url_for("main.home"), 303)


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session of this account, this one included."""
    if not ActionForm().validate_on_submit():
        abort(400)
    service.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    flash(_("You are signed out on every device."), "success")
    return redirect(url_for("accounts.login"), 303)


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """Sign out one device from the list on the account page."""
    if not ActionForm().validate_on_submit():
        abort(400)
    was_this_one = service.end_session(current_user._get_current_object(), session_id)
    if was_this_one is None:
        abort(404)
    if was_this_one:
        logout_user()
        flash(_("You are signed out."), "success")
        return redirect(url_for("main.home"), 303)
    flash(_("That device is signed out."), "success")
    return redirect(url_for("accounts.profile"), 303)


@bp.get("/unlock/<token>")
def unlock(token: str):
    """The emailed link that lifts a sign-in lock at once."""
    try:
        _user, lifted = service.unlock_sign_in(token)
    except service.AccountError as error:
        return render("accounts/link_problem.html", message=error.message, status=400)
    if lifted:
        flash(_("Sign-in to your account is unlocked. You can sign in now."), "success")
    else:
        flash(_("Sign-in to your account is not locked. You can sign in."), "info")
    return redirect(url_for("accounts.login"), 303)


@bp.get("/security")
@login_required
def security_events():
    """Every security event of the account, newest first."""
    events = recent_events(current_user, after=arg_int("after"), size=25)
    return render("accounts/security_events.html", events=events)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        return redirect(url_for("accounts.check_email", email=form.email.data, reset=1), 303)
    return _invalid("accounts/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def reset_password(token: str):
    try:
        user = service.user_for_reset(token)
    except service.AccountError as error:
        return render("accounts/link_problem.html", message=error.message, reset=True, status=400)
    form = forms.ResetPasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        service.reset_password(token, form.password.data)
        logout_user()
        flash(_("Your password is changed. Sign in with your new password."), "success")
        return redirect(url_for("accounts.login"), 303)
    return _invalid("accounts/reset_password.html", form=form, token=token)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        try:
            service.change_password(
                current_user._get_current_object(), form.current_password.data, form.password.data
            )
        except service.AccountError as error:
            form.current_password.errors.append(error.message)
        else:
            flash(_("Your password is changed. Every other device is signed out."), "success")
            return redirect(url_for("accounts.profile"), 303)
    return _invalid("accounts/change_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = forms.ProfileForm(obj=current_user)
    if form.validate_on_submit():
        service.update_profile(current_user, form.display_name.data, form.locale.data)
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"), 303)
    return _invalid(
        "accounts/profile.html",
        form=form,
        resend_form=ActionForm(),
        sessions=sessions_of(current_user),
        this_session=current_user.login_session,
        events=recent_events(current_user, size=5),
    )
