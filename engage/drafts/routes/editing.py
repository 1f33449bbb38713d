"""Officials' drafting: import Markdown, edit clause by clause, publish versions.

Every action here is audited by the service. Inline clause editing uses htmx: the edit
form and the updated clause are the same fragments the editing page includes.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.concurrency import EditConflict, edit_page, loaded_version, show_conflict
from engage.consultations.loading import consultation_or_404
from engage.drafts import bp, forms, queries, service
from engage.drafts.models import Clause, Draft
from engage.drafts.permissions import can_edit_draft
from engage.extensions import db, limiter, user_rate_limit_key
from engage.forms import ActionForm, form_status
from engage.htmx import render, wants_fragment
from engage.params import bounded_int

# Generous: officials paste and fix many clauses in a sitting; this only stops runaways.
_drafting_limit = limiter.shared_limit(
    "120 per minute;3000 per day",
    scope="draft-editing",
    key_func=user_rate_limit_key,
    methods=["POST"],
)


def _editable(slug: str):
    consultation = consultation_or_404(slug)
    if not can_edit_draft(current_user, consultation):
        abort(403)
    return consultation, queries.draft_for(consultation)


def _part(slug: str, part_id: int) -> tuple[Draft, Clause]:
    consultation, draft = _editable(slug)
    part = db.session.get(Clause, part_id)
    if draft is None or part is None or part.draft_id != draft.id:
        abort(404)
    return draft, part


def _editor(consultation, draft, status: int = 200, **forms_in):
    """The editing page: import (until published), the working copy, and publishing."""
    parts, published = [], {}
    if draft is not None:
        parts = queries.working_copy(draft)
        current = queries.version(draft, draft.current_version_number)
        if current is not None:
            published = {c.clause_id: c.text for c in queries.version_clauses(current)}
    import_form = forms_in.get("import_form") or forms.ImportForm(
        title=draft.title if draft else consultation.title, formdata=None
    )
    return render(
        "drafts/edit.html",
        consultation=consultation,
        draft=draft,
        parts=parts,
        published=published,
        import_form=import_form,
        publish_form=forms_in.get("publish_form") or forms.PublishForm(formdata=None),
        status=status,
    )


@bp.get("/consultations/<slug>/draft/edit")
@login_required
def edit_draft(slug: str):
    consultation, draft = _editable(slug)
    return _editor(consultation, draft)


@bp.post("/consultations/<slug>/draft/import")
@login_required
@_drafting_limit
def import_draft(slug: str):
    """Start the draft (or replace it, until first published) from a Markdown document."""
    consultation, draft = _editable(slug)
    form = forms.ImportForm()
    if form.validate_on_submit():
        try:
            if draft is None:
                draft = service.create_draft(consultation, current_user, form.title.data)
            else:
                service.rename_draft(draft, current_user, form.title.data)
            count = service.import_markdown(draft, current_user, form.markdown.data)
        except service.DraftError as error:
            form.markdown.errors = [str(error)]
        else:
            flash(
                _("Imported %(n)d sections and clauses. Check them, then publish.", n=count),
                "success",
            )
            return redirect(url_for(".edit_draft", slug=slug), 303)
    return _editor(consultation, draft, status=422, import_form=form)


@bp.route("/consultations/<slug>/draft/edit/parts/<int:part_id>", methods=["GET", "POST"])
@login_required
@_drafting_limit
def edit_part(slug: str, part_id: int):
    """Change one clause's or section's working text (inline with htmx)."""
    draft, part = _part(slug, part_id)
    form = forms.ClauseEditForm(obj=part, prefix=f"part{part.id}")
    conflict = None
    if form.validate_on_submit():
        try:
            changed = service.edit_clause(part, current_user, form.text.data, loaded_version(form))
        except EditConflict as error:
            conflict = error
            show_conflict(form, error)
        else:
            if changed:
                message = _(
                    "%(part)s is changed. Publish a new version to make it public.",
                    part=part.title,
                )
            else:
                message = _("Nothing changed.")
            return _part_done(draft, part, message)
    return render(
        "drafts/edit_part.html",
        fragment="drafts/_part_form.html",
        **edit_page(conflict),
        consultation=draft.consultation,
        draft=draft,
        part=part,
        form=form,
    )


def _part_done(draft: Draft, part: Clause, message: str):
    if not wants_fragment():
        flash(message, "success")
        return redirect(
            url_for(".edit_draft", slug=draft.consultation.slug, _anchor=f"part-{part.id}"), 303
        )
    current = queries.version(draft, draft.current_version_number)
    published = {}
    if current is not None:
        published = {c.clause_id: c.text for c in queries.version_clauses(current)}
    return render(
        "drafts/_part.html",
        consultation=draft.consultation,
        draft=draft,
        part=part,
        published=published,
        message=message,
    )


@bp.post("/consultations/<slug>/draft/edit/parts/<int:part_id>/remove")
@login_required
@_drafting_limit
def remove_part(slug: str, part_id: int):
    draft, part = _part(slug, part_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.remove_clause(part, current_user)
    return _part_done(
        draft, part, _("%(part)s will be left out of the next version.", part=part.title)
    )


@bp.post("/consultations/<slug>/draft/edit/parts/<int:part_id>/restore")
@login_required
@_drafting_limit
def restore_part(slug: str, part_id: int):
    draft, part = _part(slug, part_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.restore_clause(part, current_user)
    return _part_done(draft, part, _("%(part)s is back in the draft.", part=part.title))


@bp.route("/consultations/<slug>/draft/edit/add", methods=["GET", "POST"])
@login_required
@_drafting_limit
def add_part(slug: str):
    """A new clause or section heading, after a given part (?after=id) or at the end."""
    consultation, draft = _editable(slug)
    if draft is None:
        abort(404)
    form = forms.NewClauseForm()
    after_id = bounded_int(request.values.get("after"))
    after = db.session.get(Clause, after_id) if after_id is not None else None
    if after is not None and after.draft_id != draft.id:
        abort(404)
    if form.validate_on_submit():
        part = service.add_clause(draft, current_user, form.kind.data, form.text.data, after)
        flash(
            _("%(part)s is added. Publish a new version to make it public.", part=part.title),
            "success",
        )
        return redirect(url_for(".edit_draft", slug=slug, _anchor=f"part-{part.id}"), 303)
    status = form_status()
    return render(
        "drafts/add_part.html",
        consultation=consultation,
        draft=draft,
        form=form,
        after=after,
        status=status,
    )


@bp.post("/consultations/<slug>/draft/publish")
@login_required
@_drafting_limit
def publish_draft(slug: str):
    """Publish the working copy as the next numbered, unchangeable version."""
    consultation, draft = _editable(slug)
    if draft is None:
        abort(404)
    form = forms.PublishForm()
    if form.validate_on_submit():
        try:
            version = service.publish_version(draft, current_user, form.note.data)
        except service.DraftError as error:
            form.note.errors = [str(error)]
        else:
            flash(_("Version %(number)s is published.", number=version.number), "success")
            return redirect(url_for(".view_draft", slug=slug), 303)
    return _editor(consultation, draft, status=422, publish_form=form)
