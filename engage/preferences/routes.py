from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from engage.forms import ActionForm
from engage.htmx import render
from engage.preferences import bp, settings


@bp.app_context_processor
def display_classes():
    """Every page, error pages too, gets the chosen settings as classes on <html>."""
    return {"display_classes": settings.html_classes()}


@bp.route("/preferences", methods=["GET", "POST"])
def edit_display():
    """Choose display settings; kept in a cookie, so they work signed out and without JS."""
    form = ActionForm()
    if form.validate_on_submit():
        response = redirect(url_for("preferences.edit_display"), 303)
        settings.store(response, settings.parse(request.form.getlist("display")))
        flash(_("Your display settings are saved on this device."), "success")
        return response
    if request.method == "POST":
        # An expired form: show the choices as they were ticked, to send again.
        chosen = settings.parse(request.form.getlist("display"))
        return _page(form, chosen, status=422)
    return _page(form, settings.current())


def _page(form, chosen: list[str], status: int = 200):
    return render(
        "preferences/page.html", form=form, chosen=chosen, settings=settings.SETTINGS, status=status
    )
