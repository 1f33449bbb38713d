"""Proposal pages: write, read, edit, withdraw, support; earlier versions."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from engage.comments.queries import requested_thread
from engage.concurrency import EditConflict, edit_page, loaded_version, show_conflict
from engage.consultations import queries as consultation_queries
from engage.consultations.permissions import can_view_consultation, participation_refusal
from engage.extensions import db, posting_limit
from engage.forms import form_status
from engage.htmx import render, wants_fragment
from engage.moderation import permissions as moderation_permissions
from engage.moderation.models import Visibility
from engage.proposals import bp, diff, forms, queries, service
from engage.proposals.models import Proposal, Support
from engage.proposals.permissions import (
    can_write_proposal,
    is_author,
    proposal_change_refusal,
    support_refusal,
)
from engage.receipt_links import flash_with_receipt
from engage.supports.controls import Supportable

# Per person, not per address. New, edited and withdrawn proposals share one budget;
# supporting and taking support back share another (SUPPORT.add_routes, below).
_posting_limit = posting_limit("proposal-posting")


def _load(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    if not can_view_consultation(current_user, proposal.consultation):
        abort(404)
    if not moderation_permissions.can_see(current_user, proposal):  # held for review
        abort(404)
    return proposal


def _load_wording(proposal_id: int) -> Proposal:
    """Earlier wordings: not for the public while moderation hides the proposal."""
    proposal = _load(proposal_id)
    if not moderation_permissions.can_read_text(current_user, proposal):
        abort(404)
    return proposal


def _load_own(proposal_id: int) -> Proposal:
    proposal = _load(proposal_id)
    if not is_author(current_user, proposal):
        abort(403)
    return proposal


def _page(proposal: Proposal, status: int = 200, message: str | None = None):
    """The proposal page, or its support region for an htmx swap."""
    thread = None if wants_fragment() else requested_thread("proposal", proposal.id)
    return render(
        "proposals/page.html",
        fragment="proposals/_supported.html",
        status=status,
        proposal=proposal,
        consultation=proposal.consultation,
        thread=thread,
        support=SUPPORT.region(proposal, message),
    )


def _open_for_support(proposal: Proposal) -> bool:
    return proposal.consultation.is_open and not proposal.is_withdrawn


SUPPORT = Supportable(
    kind="proposal",
    blueprint="proposals",
    table=Support,
    refusal=support_refusal,
    support=service.support,
    unsupport=service.unsupport,
    is_open=_open_for_support,
    page=_page,
    supported_text=_l("You support this proposal."),
    unsupported_text=_l("You no longer support this proposal."),
    button_text=_l("Support this proposal"),
    sign_in_text=_l("Sign in to support this proposal"),
    extra="proposals/_threshold.html",
)


@bp.route("/consultations/<slug>/proposals/new", methods=["GET", "POST"])
@login_required
@_posting_limit
def new_proposal(slug: str):
    consultation = consultation_queries.by_slug(slug)
    if consultation is None or not can_view_consultation(current_user, consultation):
        abort(404)
    refusal = participation_refusal(current_user, consultation)
    form = forms.ProposalForm()
    if refusal:
        return render(
            "proposals/new.html", consultation=consultation, form=form, refusal=refusal, status=403
        )
    if form.validate_on_submit():
        proposal = service.create(current_user, consultation, form.title.data, form.body.data)
        if proposal.visibility == Visibility.PENDING:
            said = _(
                "Your proposal is saved and waits for a moderator to review it. "
                "Until then only you can see it."
            )
        else:
            said = _("Your proposal is published.")
        flash_with_receipt(said, "proposal", proposal.id)
        return redirect(url_for(".view_proposal", proposal_id=proposal.id), 303)
    status = form_status()
    return render("proposals/new.html", consultation=consultation, form=form, status=status)


@bp.get("/proposals/<int:proposal_id>")
def view_proposal(proposal_id: int):
    return _page(_load(proposal_id))


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
@_posting_limit
def edit_proposal(proposal_id: int):
    proposal = _load(proposal_id)
    if not can_write_proposal(current_user, proposal):  # author or co-author
        abort(403)
    refusal = proposal_change_refusal(current_user, proposal)
    form = forms.ProposalEditForm(obj=proposal)
    if refusal:
        return render(
            "proposals/edit.html", proposal=proposal, form=form, refusal=refusal, status=403
        )
    conflict = None
    if form.validate_on_submit():
        try:
            changed = service.edit(
                current_user, proposal, form.title.data, form.body.data, loaded_version(form)
            )
        except EditConflict as error:
            conflict = error
            show_conflict(form, error)
        else:
            if changed:
                flash(_("Your changes are saved."), "success")
            return redirect(url_for(".view_proposal", proposal_id=proposal.id), 303)
    return render(
        "proposals/edit.html",
        proposal=proposal,
        form=form,
        **edit_page(conflict),
        versioned=service.is_versioned(proposal),
    )


@bp.route("/proposals/<int:proposal_id>/withdraw", methods=["GET", "POST"])
@login_required
@_posting_limit
def withdraw_proposal(proposal_id: int):
    proposal = _load_own(proposal_id)
    refusal = proposal_change_refusal(current_user, proposal)
    form = forms.WithdrawForm()
    if refusal:
        return render(
            "proposals/withdraw.html", proposal=proposal, form=form, refusal=refusal, status=403
        )
    if form.validate_on_submit():
        service.withdraw(current_user, proposal, form.reason.data)
        flash(_("Your proposal is withdrawn. It stays readable, marked as withdrawn."), "success")
        return redirect(url_for(".view_proposal", proposal_id=proposal.id), 303)
    status = form_status()
    return render("proposals/withdraw.html", proposal=proposal, form=form, status=status)


# POST …/support and …/unsupport: endpoints support_proposal and unsupport_proposal.
SUPPORT.add_routes(bp, "/proposals/<int:proposal_id>", _load)


@bp.get("/proposals/<int:proposal_id>/versions")
def proposal_versions(proposal_id: int):
    proposal = _load_wording(proposal_id)
    return render("proposals/versions.html", proposal=proposal, versions=queries.versions(proposal))


@bp.get("/proposals/<int:proposal_id>/versions/<int:number>")
def proposal_version(proposal_id: int, number: int):
    proposal = _load_wording(proposal_id)
    version = queries.version(proposal, number) or abort(404)
    following = queries.version(proposal, number + 1) or proposal
    return render(
        "proposals/version.html",
        proposal=proposal,
        version=version,
        changes=diff.word_diff(version.body, following.body),
        following=following,
    )
