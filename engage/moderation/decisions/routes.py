"""Deciding one case, and the page where people read the decisions about them."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.extensions import db
from engage.htmx import render, wants_fragment
from engage.moderation import bp, permissions
from engage.moderation.decision_models import APPEALABLE, ModerationAction
from engage.moderation.decisions import service as actions
from engage.moderation.decisions.forms import DecisionForm
from engage.moderation.queue.cases import actions_for, case_or_404, case_page, require_moderator
from engage.moderation.queue.queries import entries_for, load_items
from engage.pagination import keyset_page
from engage.params import arg_int


@bp.post("/cases/<int:case_id>/decide")
@login_required
def decide_case(case_id: int):
    """Dismiss, approve, hide, ask for an edit or suspend, citing a rule."""
    require_moderator()
    case = case_or_404(case_id)
    if not permissions.can_moderate_content(current_user, case):
        abort(403)
    entry = entries_for([case])[0]
    form = DecisionForm(actions=actions_for(entry))
    if not case.is_open:
        return case_page(entry, form, 409, _("This case has already been decided."))
    if not form.validate_on_submit():
        return case_page(entry, form, 422)
    try:
        decision = actions.act(
            current_user,
            case,
            form.action.data,
            rule_number=form.rule.data,
            note=form.note.data or "",
            days=form.days.data,
        )
    except actions.ModerationError as error:
        if error.field:
            getattr(form, error.field).errors.append(error.message)
            return case_page(entry, form, 422)
        return case_page(entry, form, 409, error.message)
    if wants_fragment():
        return render("moderation/_decided.html", decision=decision, case=case)
    flash(_("Decision recorded."), "success")
    return redirect(url_for("moderation.queue"), 303)


@bp.get("/about-you")
@login_required
def my_decisions():
    """Every moderation decision about this person's contributions or account: why, and
    what they can do (edit and resubmit, or appeal)."""
    results = keyset_page(
        select(ModerationAction).where(ModerationAction.author_id == current_user.id),
        ModerationAction.id,
        arg_int("after"),
        size=25,
    )
    items = load_items([(d.target_type, d.target_id) for d in results.items])
    return render(
        "moderation/about_you.html", decisions=results.items, results=results, items=items
    )


@bp.post("/decisions/<int:action_id>/restore")
@login_required
def restore_decision(action_id: int):
    """Undo a hide, an edit request or a suspension without waiting for an appeal."""
    require_moderator()
    decision = db.get_or_404(ModerationAction, action_id)
    if not permissions.can_moderate_content(current_user, decision):
        abort(403)
    note = (request.form.get("note") or "").strip()[:1000]
    undoable = decision.action in APPEALABLE and not decision.undone
    if not note or not undoable:
        message = _("Say why it is restored.") if undoable else _("This can't be restored.")
        flash(message, "error")
        return redirect(_case_url(decision), 303)
    actions.undo(current_user, decision, note)
    flash(_("Restored."), "success")
    return redirect(_case_url(decision), 303)


def _case_url(decision: ModerationAction) -> str:
    if decision.case_id:
        return url_for("moderation.view_case", case_id=decision.case_id)
    return url_for("moderation.queue")
