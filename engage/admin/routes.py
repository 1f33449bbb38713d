from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from engage.accounts import service as accounts_service
from engage.accounts.models import User
from engage.admin import audit_view, bp
from engage.admin.audit_log import TARGET_TYPES, AuditFilters
from engage.admin.forms import RolesForm
from engage.audit.models import AuditEntry
from engage.audit.permissions import can_view_audit_log
from engage.extensions import db
from engage.forms import form_status
from engage.htmx import render
from engage.pagination import keyset_page
from engage.params import arg_int
from engage.permissions import RESIDENT, can_admin
from engage.two_factor import forms as two_factor_forms
from engage.two_factor import service as two_factor_service


@bp.before_request
@login_required
def require_admin():
    if not can_admin(current_user):
        abort(403)


@bp.get("/users")
def users():
    """Find people by name or email."""
    q = request.args.get("q", "").strip()[:100]
    query = db.select(User).options(selectinload(User.roles))  # the list shows them
    if q:
        # autoescape: "%" and "_" in the search are text, not wildcards.
        query = query.where(
            or_(
                User.email.contains(q.lower(), autoescape=True),
                User.display_name.icontains(q, autoescape=True),
            )
        )
    page = keyset_page(query, User.id, arg_int("after"), size=25)
    return render("admin/users.html", fragment="admin/_user_rows.html", results=page, q=q)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RolesForm()
    if request.method == "GET":
        form.roles.data = sorted(user.role_names - {RESIDENT})
    if form.validate_on_submit():
        try:
            changed = accounts_service.change_roles(
                current_user, user, set(form.roles.data or []), form.reason.data
            )
        except accounts_service.AccountError as error:
            getattr(form, error.field or "roles").errors.append(error.message)
        else:
            message = _("Roles updated.") if changed else _("Nothing changed.")
            flash(message, "success" if changed else "info")
            return redirect(url_for("admin.user_detail", user_id=user.id), 303)
    status = form_status()
    return _user_page(user, form=form, status=status)


def _user_page(user: User, status: int = 200, **forms):
    forms.setdefault("form", RolesForm(formdata=None, roles=sorted(user.role_names - {RESIDENT})))
    forms.setdefault("reset_form", two_factor_forms.ResetForm(formdata=None, prefix="reset"))
    history = db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.target_type == "user", AuditEntry.target_id == user.id)
        .order_by(AuditEntry.id.desc())
        .limit(20)
    ).all()
    return render(
        "admin/user_detail.html",
        user=user,
        history=history,
        targets=audit_view.targets(history),
        audit=audit_view,
        status=status,
        **forms,
    )


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_second_factor(user_id: int):
    """Remove someone's second factor (a lost phone); they set it up again at next sign-in."""
    user = db.get_or_404(User, user_id)
    form = two_factor_forms.ResetForm(prefix="reset")
    if not user.has_second_factor:
        flash(_("%(name)s has no second factor to reset.", name=user.display_name), "info")
        return redirect(url_for("admin.user_detail", user_id=user.id), 303)
    if not form.validate_on_submit():
        return _user_page(user, reset_form=form, status=422)
    two_factor_service.reset(current_user, user, form.reason.data)
    flash(
        _(
            "The second factor of %(name)s is reset. They set up a new one at their next sign-in.",
            name=user.display_name,
        ),
        "success",
    )
    return redirect(url_for("admin.user_detail", user_id=user.id), 303)


@bp.get("/audit")
def audit_log():
    """Every privileged action, newest first; filter by action, actor, target type, dates."""
    if not can_view_audit_log(current_user):
        abort(403)
    filters = AuditFilters.from_args(request.args)
    page = keyset_page(
        filters.apply(db.select(AuditEntry)),
        AuditEntry.id,
        arg_int("after"),
        size=50,
    )
    return render(
        "admin/audit.html",
        fragment="admin/_audit_rows.html",
        results=page,
        filters=filters,
        targets=audit_view.targets(page.items),
        action_choices=audit_view.action_choices(filters.action),
        target_choices=audit_view.target_choices(TARGET_TYPES),
        audit=audit_view,
    )
