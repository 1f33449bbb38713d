"""Answering proposals, and the outcome report: write, preview, publish, read."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.concurrency import EditConflict, edit_page, loaded_version, show_conflict
from engage.consultations.loading import consultation_or_404, managed_consultation
from engage.consultations.models import Consultation
from engage.consultations.permissions import can_view_consultation
from engage.extensions import db, limiter, user_rate_limit_key
from engage.forms import ActionForm, form_status
from engage.htmx import render, wants_fragment
from engage.opinion_map import outcome as opinion_map
from engage.outcomes import bp, forms, queries, service, statistics
from engage.outcomes.permissions import can_answer_for, can_view_outcome
from engage.params import arg_int
from engage.proposals.models import Proposal
from engage.surveys import outcome as surveys


def _official_limit() -> str:
    return current_app.config.get("RATELIMIT_OFFICIAL", "60 per minute;2000 per day")


# Officials answer many proposals in a sitting: a roomier budget than residents' posts.
official_writes = limiter.shared_limit(
    _official_limit, scope="outcomes-writing", key_func=user_rate_limit_key, methods=["POST"]
)


def load_consultation(slug: str, manage: bool = False) -> Consultation:
    """The consultation; with ``manage``, for those who answer for it."""
    if manage:
        return managed_consultation(slug, may=can_answer_for)
    return consultation_or_404(slug)


def _answerable(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    if not can_view_consultation(current_user, proposal.consultation):
        abort(404)
    if not can_answer_for(current_user, proposal.consultation):
        abort(403)
    return proposal


# Answering proposals ------------------------------------------------------------------


@bp.get("/consultations/<slug>/answers")
@login_required
def answer_proposals(slug: str):
    """The officials' list: every proposal with its current answer and a form to answer,
    most urgent first (overdue, due soonest, over the threshold, the rest)."""
    consultation = load_consultation(slug, manage=True)
    unanswered = request.args.get("unanswered") == "1"
    waiting_only = request.args.get("waiting") == "1"
    page = queries.proposals_to_answer(
        consultation, arg_int("after"), unanswered_only=unanswered, waiting_only=waiting_only
    )
    answers = queries.current_responses("proposal", [p.id for p in page.items])
    return render(
        "outcomes/answers.html",
        consultation=consultation,
        page=page,
        answers=answers,
        unanswered=unanswered,
        waiting_only=waiting_only,
        waiting=queries.unanswered_over_threshold(consultation),
        amendments_waiting=queries.amendments_waiting(consultation),
        forms={p.id: forms.ResponseForm(prefix=f"p{p.id}", formdata=None) for p in page.items},
    )


@bp.route("/proposals/<int:proposal_id>/answer", methods=["GET", "POST"])
@login_required
@official_writes
def answer_proposal(proposal_id: int):
    """Answer one proposal. From the list (htmx) the row comes back; otherwise a page."""
    proposal = _answerable(proposal_id)
    prefix = request.form.get("prefix") or request.args.get("prefix") or ""
    form = forms.ResponseForm(prefix=prefix)
    from_list = request.form.get("from_list") == "1"
    if form.validate_on_submit():
        response = service.respond(current_user, proposal, form.status.data, form.reason.data)
        if wants_fragment():
            return _answer_row(
                proposal,
                forms.ResponseForm(prefix=prefix, formdata=None),
                response,
                message=_("Answer saved."),
            )
        flash(_("Your answer is published on the proposal."), "success")
        if from_list:
            return redirect(
                url_for(
                    ".answer_proposals",
                    slug=proposal.consultation.slug,
                    _anchor=f"answer-{proposal.id}",
                ),
                303,
            )
        return redirect(
            url_for(
                "proposals.view_proposal", proposal_id=proposal.id, _anchor="official-response"
            ),
            303,
        )
    status = form_status()
    current = queries.current_response("proposal", proposal.id)
    if wants_fragment():
        return _answer_row(proposal, form, current, status=status)
    return render(
        "outcomes/answer.html", proposal=proposal, form=form, current=current, status=status
    )


def _answer_row(proposal, form, current, status=200, message=None):
    return render(
        "outcomes/_answer_row.html",
        proposal=proposal,
        form=form,
        current=current,
        status=status,
        message=message,
    )


# The outcome report ---------------------------------------------------------------------


@bp.get("/consultations/<slug>/outcome")
def view_outcome(slug: str):
    """The published report; officials also see their unpublished draft of it."""
    consultation = load_consultation(slug)
    outcome = queries.outcome_for(consultation)
    if not can_view_outcome(current_user, consultation, outcome):
        abort(404)
    if outcome is None:
        return redirect(url_for(".edit_outcome", slug=slug))
    stats = outcome.statistics if outcome.is_published else statistics.participation(consultation)
    commitments = queries.commitments_for(outcome)
    return render(
        "outcomes/outcome.html",
        consultation=consultation,
        outcome=outcome,
        stats=stats,
        inputs=queries.answered_inputs(consultation),
        commitments=commitments,
        refusal=service.publish_refusal(consultation, outcome),
        publish_form=ActionForm(),
    )


@bp.route("/consultations/<slug>/outcome/edit", methods=["GET", "POST"])
@login_required
@official_writes
def edit_outcome(slug: str):
    consultation = load_consultation(slug, manage=True)
    outcome = queries.outcome_for(consultation)
    form = forms.OutcomeForm(obj=outcome)
    if outcome is None and request.method == "GET":
        form.lock_version.data = 0  # a report written meanwhile by someone else is theirs
    # What the opinion map found, to cite: added to "what we heard" when asked (a link, so
    # it works without JavaScript); nothing is saved until the official saves.
    citation = opinion_map.citation(opinion_map.figures(consultation))
    if request.method == "GET" and citation and request.args.get("cite") == "opinion-map":
        form.heard.data = "\n\n".join(filter(None, [(form.heard.data or "").strip(), citation]))
    # Any survey question's results, the same way (?cite=question-<id>).
    cited = request.args.get("cite", "")
    if request.method == "GET" and cited.startswith("question-") and cited[9:].isdigit():
        figures = surveys.citation(consultation, int(cited[9:]))
        if figures:
            form.heard.data = "\n\n".join(filter(None, [(form.heard.data or "").strip(), figures]))
    conflict = None
    if form.validate_on_submit():
        try:
            service.save_outcome(
                current_user, consultation, form.heard.data, form.decided.data, loaded_version(form)
            )
        except EditConflict as error:
            conflict = error
            show_conflict(form, error)
        else:
            flash(_("The outcome report is saved."), "success")
            return redirect(url_for(".view_outcome", slug=slug), 303)
    return render(
        "outcomes/edit.html",
        consultation=consultation,
        outcome=outcome,
        form=form,
        opinion_map_citation=citation,
        survey_questions=surveys.citable(consultation),
        **edit_page(conflict),
    )


@bp.post("/consultations/<slug>/outcome/publish")
@login_required
@official_writes
def publish_outcome(slug: str):
    consultation = load_consultation(slug, manage=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.publish_outcome(current_user, consultation)
    except service.OutcomeError as refusal:
        flash(str(refusal), "error")
        return redirect(
            url_for(".view_outcome", slug=slug)
            if queries.outcome_for(consultation)
            else url_for(".edit_outcome", slug=slug),
            303,
        )
    flash(_("The outcome is published. Everyone can read it now."), "success")
    return redirect(url_for(".view_outcome", slug=slug), 303)
