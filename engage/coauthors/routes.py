"""Co-author pages: the author invites; the invited person accepts or declines."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.coauthors import bp, forms, queries, service
from engage.coauthors.models import CoauthorStatus
from engage.consultations.permissions import can_view_consultation
from engage.extensions import db, limiter, posting_limit, user_rate_limit_key
from engage.forms import ActionForm
from engage.htmx import render
from engage.proposals.models import Proposal
from engage.proposals.permissions import is_author, proposal_change_refusal

# Every invitation sent counts, whatever the address and whatever the answer, per person:
# a budget of its own, so probing addresses stays slow even for a prolific author.
_invite_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_COAUTHOR_INVITE"],
    key_func=user_rate_limit_key,
    methods=["POST"],
)
# Answering an invitation shares the proposal-posting budget's size, per person.
_answer_limit = posting_limit("coauthor-answers")


def _load(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    if not can_view_consultation(current_user, proposal.consultation):
        abort(404)
    return proposal


@bp.route("/proposals/<int:proposal_id>/coauthors", methods=["GET", "POST"])
@login_required
@_invite_limit
def manage(proposal_id: int):
    """The author's page: who is invited, who accepted, and a form to invite more."""
    proposal = _load(proposal_id)
    if not is_author(current_user, proposal):
        abort(403)
    form = forms.InviteForm()
    refusal = proposal_change_refusal(current_user, proposal)
    status = 403 if refusal and request.method == "POST" else 200
    if not refusal and form.validate_on_submit():
        try:
            service.invite(current_user, proposal, form.email.data)
        except service.CoauthorError as error:
            form.email.errors = [str(error)]
        else:
            flash(
                _(
                    "If %(email)s belongs to an Engage account, we emailed them an invitation. "
                    "They are listed here once they accept.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for(".manage", proposal_id=proposal.id), 303)
    if request.method == "POST" and not refusal:
        status = 422
    return render(
        "coauthors/manage.html",
        proposal=proposal,
        form=form,
        refusal=refusal,
        # Names only once accepted: an invitation must not tell who owns an address.
        coauthors=queries.for_proposal(proposal, accepted_only=True),
        status=status,
    )


@bp.get("/proposals/<int:proposal_id>/coauthors/invitation")
@login_required
def invitation(proposal_id: int):
    proposal = _load(proposal_id)
    found = queries.invitation(proposal, current_user)
    if found is None:
        abort(403)
    return render(
        "coauthors/invitation.html",
        proposal=proposal,
        invitation=found,
        refusal=proposal_change_refusal(current_user, proposal),
    )


@bp.post("/proposals/<int:proposal_id>/coauthors/invitation/<any(accept, decline):answer>")
@login_required
@_answer_limit
def respond(proposal_id: int, answer: str):
    proposal = _load(proposal_id)
    found = queries.invitation(proposal, current_user)
    if found is None:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    refusal = proposal_change_refusal(current_user, proposal)
    if found.status != CoauthorStatus.INVITED or refusal:
        flash(refusal or _("You already answered this invitation."), "info")
        return redirect(url_for(".invitation", proposal_id=proposal.id), 303)
    service.respond(current_user, proposal, accept=answer == "accept")
    if answer == "accept":
        flash(_("You are now a co-author: you can edit this proposal."), "success")
    else:
        flash(_("You declined the invitation."), "success")
    return redirect(url_for("proposals.view_proposal", proposal_id=proposal.id), 303)
