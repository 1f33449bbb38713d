"""Reading a draft: the current version, any version, the difference between two, one
clause with its history and comments, and exports. Officials' editing is in editing.py."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from engage.comments.queries import requested_thread
from engage.consultations.loading import consultation_or_404
from engage.drafts import bp, diff, export, queries
from engage.drafts.loading import load_draft
from engage.drafts.models import Draft, DraftVersion
from engage.drafts.permissions import can_edit_draft, can_view_draft
from engage.htmx import render
from engage.params import arg_int
from engage.proposals.diff import word_diff


def _version_arg(draft: Draft, versions: list[DraftVersion], name: str, default: int):
    number = arg_int(name, default)
    found = next((v for v in versions if v.number == number), None)
    if found is None:
        abort(404)
    return found


def _document(draft: Draft, number: int | None):
    """The page showing one published version (the current one when number is None)."""
    versions = queries.versions(draft)
    if not versions:
        return render("drafts/unpublished.html", draft=draft, consultation=draft.consultation)
    number = number or draft.current_version_number
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        abort(404)
    return render(
        "drafts/page.html",
        draft=draft,
        consultation=draft.consultation,
        version=version,
        versions=versions,
        parts=queries.version_clauses(version),
        live=queries.counts_by_clause(draft),
    )


@bp.get("/consultations/<slug>/draft")
def view_draft(slug: str):
    """The current version of the draft; officials are sent to start one if there is none."""
    consultation = consultation_or_404(slug)
    draft = queries.draft_for(consultation)
    if draft is None and can_edit_draft(current_user, consultation):
        return redirect(url_for("drafts.edit_draft", slug=slug), 303)
    if draft is None or not can_view_draft(current_user, draft):
        abort(404)
    return _document(draft, None)


@bp.get("/consultations/<slug>/draft/versions/<int:number>")
def view_version(slug: str, number: int):
    return _document(load_draft(slug), number)


@bp.get("/consultations/<slug>/draft/diff")
def compare_versions(slug: str):
    """What changed between two versions: changed clauses only, or the whole document."""
    draft = load_draft(slug)
    versions = queries.versions(draft)
    if not versions:
        abort(404)
    new = _version_arg(draft, versions, "to", draft.current_version_number)
    old = _version_arg(draft, versions, "from", max(new.number - 1, 1))
    changes = diff.compare(queries.version_clauses(old), queries.version_clauses(new))
    whole = request.args.get("view") == "all"
    return render(
        "drafts/diff.html",
        draft=draft,
        consultation=draft.consultation,
        old=old,
        new=new,
        versions=versions,
        whole=whole,
        summary=diff.summary(changes),
        changes=changes if whole else [c for c in changes if c.changed],
        live=queries.counts_by_clause(draft),
    )


@bp.get("/consultations/<slug>/draft/clauses/<int:number>")
def view_clause(slug: str, number: int):
    """One clause: its current text, every version it changed in, and its comments."""
    draft = load_draft(slug)
    clause = queries.clause_by_number(draft, number)
    if clause is None:
        abort(404)
    history = queries.clause_history(clause)
    clause.published = bool(history)
    if not history and not can_edit_draft(current_user, draft.consultation):
        abort(404)
    changes = []
    previous = None
    for version_number, snapshot in history:
        if previous is None or previous.text != snapshot.text:
            html = word_diff(previous.text, snapshot.text) if previous else None
            changes.append((version_number, snapshot, html))
        previous = snapshot
    latest = history[-1] if history else None
    in_current = latest is not None and latest[0] == draft.current_version_number
    thread = None
    if history:
        thread = requested_thread("clause", clause.id)
    return render(
        "drafts/clause.html",
        draft=draft,
        consultation=draft.consultation,
        clause=clause,
        text=latest[1].text if latest else clause.text,
        in_current=in_current,
        changes=list(reversed(changes)),
        thread=thread,
    )


def _requested_version(draft: Draft) -> tuple[DraftVersion, list]:
    versions = queries.versions(draft)
    if not versions:
        abort(404)
    version = _version_arg(draft, versions, "version", draft.current_version_number)
    return version, queries.version_clauses(version)


@bp.get("/consultations/<slug>/draft/export.md")
def export_markdown(slug: str):
    """A version as a Markdown file (?version=N, default the current one)."""
    draft = load_draft(slug)
    version, parts = _requested_version(draft)
    response = make_response(export.markdown(draft, version, parts))
    response.mimetype = "text/markdown"
    filename = f"{draft.consultation.slug}-draft-v{version.number}.md"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/consultations/<slug>/draft/print")
def print_version(slug: str):
    """A version laid out for paper: the text only, numbered, with its date and note."""
    draft = load_draft(slug)
    version, parts = _requested_version(draft)
    return render_template(
        "drafts/print.html",
        draft=draft,
        consultation=draft.consultation,
        version=version,
        parts=parts,
    )
