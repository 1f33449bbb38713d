"""Your data: download it, delete the account."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from engage.accounts import service as accounts
from engage.accounts.passwords import verify_password
from engage.database import utcnow
from engage.forms import ActionForm, form_status
from engage.htmx import render
from engage.privacy import bp, deletion, export, forms
from engage.two_factor.service import TwoFactorError, check_code


def _zip_response(content: bytes):
    name = f"my-data-{utcnow():%Y-%m-%d}.zip"
    response = send_file(
        io.BytesIO(content), mimetype="application/zip", as_attachment=True, download_name=name
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/data", methods=["GET", "POST"])
@login_required
def download_data():
    """Everything the site holds about you, as a ZIP now or by an emailed link."""
    user = current_user._get_current_object()
    form = ActionForm()
    if form.validate_on_submit():
        if not export.is_large(user):
            return _zip_response(export.build_zip(user))
        export.request_background_export(user)
        flash(
            _(
                "We are gathering your data. We will email %(email)s a link to download it.",
                email=user.email,
            ),
            "success",
        )
        return redirect(url_for("privacy.download_data"), 303)
    return render(
        "privacy/download.html",
        form=form,
        large=export.is_large(user),
        hours=current_app.config["PRIVACY_EXPORT_LINK_HOURS"],
    )


@bp.get("/account/data/<token>")
@login_required
def fetch_export(token: str):
    """The emailed link: only for the account it was made for, until it expires."""
    found = export.find_export(current_user, token)
    if found is None:
        abort(404)
    return _zip_response(found.content)


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Ask for deletion: a choice, the password (and a code for staff), then a grace period."""
    user = current_user._get_current_object()
    form = forms.DeleteAccountForm()
    needs_code = user.has_second_factor
    if form.validate_on_submit() and _confirmed(user, form, needs_code):
        row = deletion.request_deletion(user, form.choice.data)
        accounts.sign_out_everywhere(user)
        logout_user()
        flash(
            _(
                "Your account will be deleted on %(date)s. Sign in before then if you change "
                "your mind.",
                date=row.due_at.strftime("%Y-%m-%d"),
            ),
            "success",
        )
        return redirect(url_for("main.home"), 303)
    status = form_status()
    return render(
        "privacy/delete.html",
        form=form,
        needs_code=needs_code,
        status=status,
        days=current_app.config["ACCOUNT_DELETION_GRACE_DAYS"],
    )


def _confirmed(user, form, needs_code: bool) -> bool:
    if not verify_password(user.password_hash, form.password.data):
        form.password.errors.append(_("That password isn't right."))
        return False
    if needs_code:
        try:
            check_code(user, form.code.data or "")
        except TwoFactorError as error:
            form.code.errors.append(error.message)
            return False
    return True
