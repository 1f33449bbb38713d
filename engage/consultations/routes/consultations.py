"""Consultation pages: the list, one consultation, and the officials' editor."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import signals
from engage.concurrency import EditConflict, edit_page, loaded_version, show_conflict
from engage.consultations import bp, forms, queries, service
from engage.consultations.loading import consultation_or_404, managed_consultation
from engage.consultations.models import Consultation, ConsultationStatus
from engage.consultations.permissions import (
    can_create_consultation,
)
from engage.consultations.translations import localize
from engage.dates import site_timezone_name
from engage.forms import ActionForm, form_status
from engage.fragments import cache as fragments_cache
from engage.fragments import reader_page_key
from engage.htmx import render, wants_fragment
from engage.params import arg_int


def _form() -> forms.ConsultationForm:
    return forms.ConsultationForm(
        topics=queries.topics(),
        departments=queries.departments(),
        officials=queries.officials(),
        zone=site_timezone_name(),
    )


def _publishing() -> bool:
    return request.form.get("action") == "publish"


def _sections(consultation: Consultation, section: str = "summary", preview: bool = False) -> dict:
    """What other features show on one of the consultation's pages: proposals, comments,
    amendments, input by channel (signals.consultation_page; engage.wiring says who answers)."""
    values: dict = {}
    for _receiver, answer in signals.consultation_page.send(
        consultation, section=section, preview=preview
    ):
        values.update(answer)
    return values


# The hub's pages: the summary with the details, then one page per section. Each works on
# its own without JavaScript; a tab bar of links (hub_nav) leads from one to the other.
HUB_PAGES = {
    "summary": "consultations/page.html",
    "proposals": "consultations/proposals.html",
    "discussion": "consultations/discussion.html",
}
# Addresses from before the hub: the proposal list's and the comment thread's parameters
# on the consultation's own address go on to the page that now shows them.
_MOVED_PARAMETERS = {"proposals": "proposals", "proposals_page": "proposals"}
_MOVED_PARAMETERS |= {"sort": "discussion", "after": "discussion"}


def _hub_page(slug: str, section: str, fragment: str | None = None):
    consultation = consultation_or_404(slug)
    # Readers who are not signed in may get the content kept a few seconds ago (nothing
    # below is loaded then); see engage.fragments.reader_page_key.
    kept_key = reader_page_key("consultation") if consultation.is_published else None
    kept = fragments_cache().get(kept_key)
    values = {"consultation": localize(consultation), "hub_section": section}
    if kept is not None:
        return render(HUB_PAGES[section], kept_content=kept, **values)
    return render(
        HUB_PAGES[section],
        fragment=fragment,
        swapped=wants_fragment(),
        kept_key=kept_key,
        **values,
        **_sections(consultation, section),
    )


@bp.get("/")
def list_consultations():
    """Every published consultation, filtered and sorted by GET parameters."""
    filters = {
        "topic": request.args.get("topic", "")[:80],
        "status": request.args.get("status", ""),
        "sort": request.args.get("sort", "closing"),
    }
    page = arg_int("page", 1, low=1)
    results = queries.list_consultations(current_user, page=page, **filters)
    return render(
        "consultations/list.html",
        fragment="consultations/_results.html",
        results=results,
        filters=filters,
        topics=queries.topics(),
    )


@bp.get("/<slug>")
def view_consultation(slug: str):
    """The hub: where the consultation stands, then its details."""
    moved = {_MOVED_PARAMETERS[name] for name in request.args if name in _MOVED_PARAMETERS}
    if len(moved) == 1:
        endpoint = {"proposals": ".view_proposals", "discussion": ".view_discussion"}
        args = {name: value for name, value in request.args.items() if name != "slug"}
        return redirect(url_for(endpoint[moved.pop()], slug=slug, **args), 301)
    return _hub_page(slug, "summary")


@bp.get("/<slug>/proposals")
def view_proposals(slug: str):
    """Every proposal, sorted and paged by the reader (htmx swaps just the list)."""
    return _hub_page(slug, "proposals", fragment="consultations/_proposals.html")


@bp.get("/<slug>/discussion")
def view_discussion(slug: str):
    """The consultation's own comment thread."""
    return _hub_page(slug, "discussion", fragment="comments/_thread.html")


@bp.get("/<slug>/preview")
@login_required
def preview_consultation(slug: str):
    """The public page as it will look, for the officials preparing it."""
    consultation = managed_consultation(slug)
    if consultation.is_published:
        return redirect(url_for(".view_consultation", slug=slug))
    return render(
        "consultations/page.html",
        consultation=localize(consultation),
        hub_section="summary",
        **_sections(consultation, preview=True),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_consultation():
    if not can_create_consultation(current_user):
        abort(403)
    form = _form()
    if request.method == "GET":
        form.support_threshold.data, form.response_window_days.data = 100, 30
        is_listed = current_user.id in dict(form.official.choices)
        form.official.data = current_user.id if is_listed else 0
        form.department.data = current_user.department_id or 0
    return _save(form, None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_consultation(slug: str):
    consultation = managed_consultation(slug)
    form = _form()
    if request.method == "GET":
        forms.fill_from(form, consultation)
    return _save(form, consultation)


def _save(form: forms.ConsultationForm, consultation: Consultation | None):
    """Shared by new and edit: save (and maybe publish), or show the form again with errors.

    "Check readability" shows the form again with its readability panels, saving nothing:
    the same feedback the panels give as people type, without JavaScript.
    """
    if request.method == "POST" and request.form.get("action") == "check":
        return render("consultations/edit.html", form=form, consultation=consultation)
    conflict = None
    if form.validate_on_submit():
        try:
            saved = service.save(
                current_user,
                consultation,
                forms.consultation_values(form),
                publish=_publishing(),
                loaded_version=loaded_version(form),
            )
        except service.ConsultationError as error:
            getattr(form, error.field).errors.append(error.message)
        except EditConflict as error:
            conflict = error
            show_conflict(form, error)
        else:
            if _publishing():
                flash(_("The consultation is published."), "success")
                return redirect(url_for(".view_consultation", slug=saved.slug), 303)
            flash(_("Saved. This is how the page looks."), "success")
            target = ".view_consultation" if saved.is_published else ".preview_consultation"
            return redirect(url_for(target, slug=saved.slug), 303)
    return render(
        "consultations/edit.html",
        form=form,
        consultation=consultation,
        **edit_page(conflict),
    )


@bp.post("/<slug>/publish")
@login_required
def publish_consultation(slug: str):
    consultation = managed_consultation(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.publish(current_user, consultation)
    except service.ConsultationError as error:
        # Back to the editor with the saved text and the reason next to its field.
        form = _form()
        forms.fill_from(form, consultation)
        getattr(form, error.field).errors = [error.message]
        return render("consultations/edit.html", form=form, consultation=consultation, status=422)
    flash(_("The consultation is published."), "success")
    return redirect(url_for(".view_consultation", slug=slug), 303)


@bp.route("/<slug>/close", methods=["GET", "POST"])
@login_required
def close_consultation(slug: str):
    """Close an open consultation now, with a reason (audited as closing)."""
    consultation = managed_consultation(slug)
    form = forms.CloseForm()
    if request.method == "POST" and consultation.status != ConsultationStatus.OPEN:
        return render("consultations/close.html", consultation=consultation, form=form, status=409)
    if form.validate_on_submit():
        service.close_now(current_user, consultation, form.reason.data)
        flash(_("The consultation is closed. Its followers will be told."), "success")
        return redirect(url_for(".view_consultation", slug=slug), 303)
    status = form_status()
    return render("consultations/close.html", consultation=consultation, form=form, status=status)
