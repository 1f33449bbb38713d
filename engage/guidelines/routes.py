"""The community guidelines: public pages, and admins' edits (each a new version)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.concurrency import EditConflict, edit_page, loaded_version, show_conflict
from engage.extensions import db
from engage.guidelines import bp, service
from engage.guidelines.forms import RuleForm
from engage.guidelines.models import GuidelinesVersion
from engage.guidelines.permissions import can_edit_guidelines
from engage.htmx import render


@bp.get("")
def show_guidelines():
    """The rules in force, and the list of earlier versions."""
    version = service.current_version()
    versions = db.session.scalars(
        db.select(GuidelinesVersion).order_by(GuidelinesVersion.number.desc()).limit(50)
    ).all()
    return render("guidelines/page.html", version=version, versions=versions, current=True)


@bp.get("/versions/<int:number>")
def show_version(number: int):
    """The rules as they were worded in one version (decisions link here)."""
    latest = service.current_version()
    version = service.version_by_number(number) or abort(404)
    current = version.id == latest.id
    return render("guidelines/page.html", version=version, versions=[], current=current)


def _editor(number: int | None):
    if not can_edit_guidelines(current_user):
        abort(403)
    current = service.current_version()
    rule = current.rule(number) if number is not None else None
    if number is not None and rule is None:
        abort(404)
    form = RuleForm(obj=rule) if request.method == "GET" else RuleForm()
    if request.method == "GET":
        form.lock_version.data = current.number
    conflict = None
    if form.validate_on_submit():
        try:
            saved = service.save_rule(
                current_user,
                number,
                form.title.data,
                form.body.data,
                form.note.data,
                loaded_version(form),
            )
        except EditConflict as error:
            conflict = error
            show_conflict(form, error)
        else:
            flash(
                _("The guidelines were updated.") if saved else _("Nothing changed."),
                "success" if saved else "info",
            )
            return redirect(url_for("guidelines.show_guidelines"), 303)
    return render(
        "guidelines/edit.html",
        form=form,
        rule=rule,
        **edit_page(conflict),
    )


@bp.route("/rules/<int:number>/edit", methods=["GET", "POST"])
@login_required
def edit_rule(number: int):
    return _editor(number)


@bp.route("/rules/new", methods=["GET", "POST"])
@login_required
def new_rule():
    return _editor(None)
