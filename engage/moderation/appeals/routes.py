"""Appeals: the author asks for a second look; another moderator decides."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.extensions import db, limiter, user_rate_limit_key
from engage.forms import form_status
from engage.htmx import render
from engage.moderation import bp, permissions
from engage.moderation.appeals.service import decide, file_appeal
from engage.moderation.decision_models import Appeal, AppealStatus, ModerationAction
from engage.moderation.decisions.forms import AppealDecisionForm, AppealForm
from engage.moderation.decisions.service import ModerationError
from engage.moderation.queue.cases import require_moderator
from engage.moderation.queue.queries import load_items

appeal_limit = limiter.limit(
    lambda: current_app.config.get("RATELIMIT_APPEAL", "10 per hour;30 per day"),
    key_func=user_rate_limit_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code < 400,
)


@bp.route("/decisions/<int:action_id>/appeal", methods=["GET", "POST"])
@login_required
@appeal_limit
def appeal_decision(action_id: int):
    """The author's statement; one appeal per decision."""
    decision = db.get_or_404(ModerationAction, action_id)
    if not permissions.is_subject(current_user, decision):
        abort(403)
    if not permissions.can_appeal(current_user, decision):
        flash(_("You can't appeal this decision."), "info")
        return redirect(url_for("moderation.my_decisions"), 303)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            file_appeal(current_user, decision, form.statement.data)
        except ModerationError as error:
            flash(error.message, "error")
        else:
            flash(_("Your appeal was sent. Another moderator will decide."), "success")
        return redirect(url_for("moderation.my_decisions", _anchor=f"decision-{decision.id}"), 303)
    item = load_items([(decision.target_type, decision.target_id)]).get(
        (decision.target_type, decision.target_id)
    )
    status = form_status()
    return render("moderation/appeal.html", decision=decision, item=item, form=form, status=status)


@bp.get("/appeals")
@login_required
def appeals():
    """Open appeals first, oldest first; then the latest decided ones."""
    require_moderator()
    waiting = db.session.scalars(
        select(Appeal).where(Appeal.status == AppealStatus.OPEN).order_by(Appeal.id).limit(100)
    ).all()
    decided = db.session.scalars(
        select(Appeal)
        .where(Appeal.status != AppealStatus.OPEN)
        .order_by(Appeal.decided_at.desc())
        .limit(20)
    ).all()
    return render("moderation/appeals.html", waiting=waiting, decided=decided)


@bp.route("/appeals/<int:appeal_id>", methods=["GET", "POST"])
@login_required
def decide_appeal(appeal_id: int):
    """Read the decision and the statement; uphold or overturn (another moderator only)."""
    require_moderator()
    appeal = db.get_or_404(Appeal, appeal_id)
    form = AppealDecisionForm()
    may_decide = permissions.can_decide_appeal(current_user, appeal)
    if request.method == "POST":
        if not may_decide:
            abort(403)
        if form.validate_on_submit():
            try:
                decide(current_user, appeal, form.outcome.data, form.reason.data)
            except ModerationError as error:
                getattr(form, error.field or "outcome").errors.append(error.message)
            else:
                flash(_("Appeal decided."), "success")
                return redirect(url_for("moderation.appeals"), 303)
    decision = appeal.action
    item = load_items([(decision.target_type, decision.target_id)]).get(
        (decision.target_type, decision.target_id)
    )
    status = form_status()
    return render(
        "moderation/appeal_decide.html",
        appeal=appeal,
        decision=decision,
        item=item,
        form=form,
        may_decide=may_decide,
        status=status,
    )
