"""The implementation tracker (commitments, milestones, updates) and the public
accountability dashboard."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.amendments.models import AmendmentStatus
from engage.database import utcnow
from engage.extensions import db
from engage.forms import ActionForm, form_status
from engage.htmx import render
from engage.outcomes import bp, dashboard, forms, queries, service
from engage.outcomes.models import Commitment, Milestone, Outcome, ResponseStatus
from engage.outcomes.permissions import can_answer_for, can_view_outcome
from engage.outcomes.routes.outcomes import load_consultation, official_writes
from engage.params import arg_int


def _source_choices(consultation) -> list[tuple[str, str]]:
    """Inputs a commitment can come from: proposals that were (partly) accepted or
    implemented, and accepted amendments."""
    inputs = queries.answered_inputs(consultation)
    kept = (ResponseStatus.ACCEPTED, ResponseStatus.PARTLY_ACCEPTED, ResponseStatus.IMPLEMENTED)
    choices = [
        (f"proposal:{p.id}", p.title)
        for p, answer in inputs["proposals"]
        if answer and answer.status in kept
    ]
    choices += [
        (f"amendment:{a.id}", a.title)
        for a in inputs["amendments"]
        if a.status == AmendmentStatus.ACCEPTED
    ]
    return choices


@bp.get("/consultations/<slug>/commitments")
def list_commitments(slug: str):
    """The public tracker for one consultation's commitments."""
    consultation = load_consultation(slug)
    outcome = queries.outcome_for(consultation)
    if not can_view_outcome(current_user, consultation, outcome) or outcome is None:
        abort(404)
    commitments = queries.commitments_for(outcome)
    return render(
        "outcomes/commitments.html",
        consultation=consultation,
        outcome=outcome,
        commitments=commitments,
        titles=queries.source_titles(commitments),
    )


@bp.route("/consultations/<slug>/commitments/new", methods=["GET", "POST"])
@login_required
@official_writes
def new_commitment(slug: str):
    consultation = load_consultation(slug, manage=True)
    outcome = queries.outcome_for(consultation)
    if outcome is None:
        flash(_("Write the outcome report first; commitments belong to it."), "error")
        return redirect(url_for(".edit_outcome", slug=slug), 303)
    form = forms.CommitmentForm()
    form.sources.choices = forms.choices(_source_choices(consultation))
    if form.validate_on_submit():
        sources = [(kind, int(i)) for kind, i in (s.split(":") for s in form.sources.data)]
        commitment = service.add_commitment(
            current_user,
            outcome,
            form.title.data,
            form.description.data or "",
            form.due_on.data,
            sources,
        )
        flash(_("The commitment is recorded."), "success")
        return redirect(url_for(".view_commitment", commitment_id=commitment.id), 303)
    status = form_status()
    return render(
        "outcomes/commitment_new.html", consultation=consultation, form=form, status=status
    )


def _commitment(commitment_id: int, manage: bool = False) -> tuple[Commitment, Outcome]:
    commitment = db.get_or_404(Commitment, commitment_id)
    outcome = commitment.outcome
    if not can_view_outcome(current_user, outcome.consultation, outcome):
        abort(404)
    if manage and not can_answer_for(current_user, outcome.consultation):
        abort(403)
    return commitment, outcome


def _commitment_page(commitment, outcome, update_form=None, milestone_form=None, status=200):
    updates = queries.commitment_updates(commitment, arg_int("after"))
    return render(
        "outcomes/commitment.html",
        commitment=commitment,
        outcome=outcome,
        consultation=outcome.consultation,
        updates=updates,
        titles=queries.source_titles([commitment]),
        update_form=update_form or forms.UpdateForm(formdata=None, obj=commitment),
        milestone_form=milestone_form or forms.MilestoneForm(formdata=None),
        action_form=ActionForm(),
        status=status,
    )


@bp.get("/commitments/<int:commitment_id>")
def view_commitment(commitment_id: int):
    return _commitment_page(*_commitment(commitment_id))


@bp.post("/commitments/<int:commitment_id>/updates")
@login_required
@official_writes
def update_commitment(commitment_id: int):
    commitment, outcome = _commitment(commitment_id, manage=True)
    form = forms.UpdateForm()
    if not form.validate_on_submit():
        return _commitment_page(commitment, outcome, update_form=form, status=422)
    service.add_update(
        current_user, commitment, form.body.data, form.status.data, form.percent_done.data
    )
    flash(_("The update is published."), "success")
    return redirect(
        url_for(".view_commitment", commitment_id=commitment.id, _anchor="updates"), 303
    )


@bp.post("/commitments/<int:commitment_id>/milestones")
@login_required
@official_writes
def add_milestone(commitment_id: int):
    commitment, outcome = _commitment(commitment_id, manage=True)
    form = forms.MilestoneForm()
    if not form.validate_on_submit():
        return _commitment_page(commitment, outcome, milestone_form=form, status=422)
    service.add_milestone(current_user, commitment, form.title.data, form.due_on.data)
    flash(_("The milestone is added."), "success")
    return redirect(
        url_for(".view_commitment", commitment_id=commitment.id, _anchor="milestones"), 303
    )


@bp.post("/milestones/<int:milestone_id>/reached")
@login_required
@official_writes
def reach_milestone(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    commitment, _outcome = _commitment(milestone.commitment_id, manage=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    if service.complete_milestone(current_user, milestone):
        flash(_("The milestone is marked as reached."), "success")
    return redirect(
        url_for(".view_commitment", commitment_id=commitment.id, _anchor="milestones"), 303
    )


@bp.get("/accountability")
def accountability():
    """Public: per department and per official, how inputs were answered and promises kept.
    The same for every reader: with ACCOUNTABILITY_SECONDS its figures are worked out at
    most that often per process (dashboard.kept_key), and the page says as of when."""
    return render(
        "outcomes/dashboard.html",
        kept_key=dashboard.kept_key(),
        load_figures=dashboard.accountability,
        now=utcnow,
    )
