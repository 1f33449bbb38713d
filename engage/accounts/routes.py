from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage.accounts import forms, service
from engage.extensions import limiter
from engage.forms import ActionForm
from engage.htmx import render
from engage.security import safe_next_url
from engage.text import one_full_stop

bp = Blueprint("accounts", __name__)


def _failed_post(response) -> bool:
    """Only refused attempts count towards the sign-in limit."""
    return request.method == "POST" and response.status_code >= 400


def _invalid(template: str, **context):
    return render(template, status=422 if request.method == "POST" else 200, **context)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    """Create an account; the same reply whether or not the email was known."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        from flask_babel import get_locale

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
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            name = user.display_name
            flash(one_full_stop(_("You are signed in as %(name)s.", name=name)), "success")
            return redirect(next_url, 303)
        form.password.errors.append(_("That email and password don't match an account."))
    return _invalid("accounts/login.html", form=form, next_url=next_url)


@bp.post("/logout")
def logout():
    form = ActionForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You are signed out."), "success")
    return redirect(url_for("main.home"), 303)


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
            service.change_password(current_user, form.current_password.data, form.password.data)
        except service.AccountError as error:
            form.current_password.errors.append(error.message)
        else:
            # The session version changed; sign in again under the new one. Pass the
            # user itself: storing the proxy in g makes current_user recurse forever.
            login_user(current_user._get_current_object(), remember=False)
            flash(_("Your password is changed."), "success")
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
    return _invalid("accounts/profile.html", form=form, resend_form=ActionForm())
