"""The moderation queue: open cases, one case in full, claiming, and bulk decisions."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.extensions import db
from engage.htmx import render, wants_fragment
from engage.moderation import bp, content
from engage.moderation.decision_models import Decision
from engage.moderation.decisions import service as actions
from engage.moderation.decisions.forms import BulkDecisionForm, DecisionForm
from engage.moderation.models import REASONS, ModerationCase, Visibility
from engage.moderation.public_log.queries import APPEAL_OUTCOMES, ITEM_TYPES
from engage.moderation.queue.cases import actions_for, case_or_404, case_page, require_moderator
from engage.moderation.queue.queries import (
    AGES,
    QueueFilters,
    entries_for,
    load_queue,
    queue_summary,
)
from engage.moderation.reports.forms import REASON_LABELS

BULK_ACTIONS = (Decision.DISMISS, Decision.APPROVE, Decision.HIDE, Decision.REQUEST_EDIT)


@bp.context_processor
def labels():
    visibilities = {
        Visibility.VISIBLE: _l("Visible"),
        Visibility.PENDING: _l("Awaiting review"),
        Visibility.HIDDEN: _l("Hidden"),
    }
    return {
        "report_reason_label": _labeller(REASON_LABELS),
        "item_type_label": _labeller(ITEM_TYPES),
        "visibility_label": _labeller(visibilities),
        "item_url": content.url,
        "item_excerpt": content.excerpt,
        "appeal_outcome_label": _labeller(APPEAL_OUTCOMES),
        "duration": duration,
    }


def _labeller(labels: dict):
    """A label lookup that translates each label once per page, not once per row."""
    done: dict[str, str] = {}

    def label(key: str) -> str:
        if key not in done:
            done[key] = str(labels.get(key, key))
        return done[key]

    return label


def duration(seconds: int) -> str:
    """A wait in the largest whole unit: minutes, hours or days."""
    minutes = max(1, round(seconds / 60))
    if minutes < 120:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)
    hours = round(minutes / 60)
    if hours < 48:
        return ngettext("%(num)d hour", "%(num)d hours", hours)
    return ngettext("%(num)d day", "%(num)d days", round(hours / 24))


@bp.get("/queue")
@login_required
def queue():
    """Open cases with their reports; filter by reason, consultation and age."""
    require_moderator()
    form = BulkDecisionForm(actions=BULK_ACTIONS)
    return _queue_page(form, request.args.get("after"), fragment="moderation/_queue_rows.html")


@bp.get("/cases/<int:case_id>")
@login_required
def view_case(case_id: int):
    """One case in full: the item, its reports and signals, earlier decisions, the form."""
    require_moderator()
    case = case_or_404(case_id)
    entry = entries_for([case])[0]
    return case_page(entry, DecisionForm(actions=actions_for(entry)))


@bp.post("/cases/<int:case_id>/claim")
@login_required
def claim_case(case_id: int):
    """Take a case, so no other moderator works on it at the same time."""
    require_moderator()
    case = case_or_404(case_id)
    try:
        actions.claim(current_user, case)
    except actions.ModerationError as error:
        return _claim_response(case, error.message, 409)
    return _claim_response(case, _("You are working on this case."))


@bp.post("/cases/<int:case_id>/release")
@login_required
def release_case(case_id: int):
    require_moderator()
    case = case_or_404(case_id)
    actions.release(current_user, case)
    return _claim_response(case, _("You let go of this case."))


def _claim_response(case: ModerationCase, message: str, status: int = 200):
    if wants_fragment():
        entry = entries_for([case])[0]
        return render(
            "moderation/_claim_control.html", entry=entry, case=case, message=message, status=status
        )
    flash(message, "success" if status == 200 else "error")
    back = request.form.get("next") or url_for("moderation.view_case", case_id=case.id)
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("moderation.queue")
    return redirect(back, 303)


@bp.post("/queue/bulk")
@login_required
def bulk_decide():
    """One decision for every ticked case; cases someone can't decide are skipped, saying why."""
    require_moderator()
    form = BulkDecisionForm(actions=BULK_ACTIONS)
    if not form.validate_on_submit() or not form.cases.data:
        if not form.cases.data:
            form.cases.errors = [_("Tick at least one case.")]
        return _queue_again(form)
    cases = db.session.scalars(
        select(ModerationCase).where(ModerationCase.id.in_(form.cases.data))
    ).all()
    try:
        done, skipped = actions.bulk_act(
            current_user,
            list(cases),
            form.action.data,
            rule_number=form.rule.data,
            note=form.note.data or "",
            days=form.days.data,
        )
    except actions.ModerationError as error:
        getattr(form, error.field or "action").errors.append(error.message)
        return _queue_again(form)
    flash(ngettext("%(num)d case decided.", "%(num)d cases decided.", len(done)), "success")
    for case, why in skipped:
        flash(_("Case %(id)d skipped: %(why)s", id=case.id, why=why), "error")
    return redirect(
        url_for("moderation.queue", **QueueFilters.from_args(request.args).as_args()), 303
    )


def _summary() -> dict:
    summary = queue_summary()
    return {"consultations": summary.consultations, "summary": summary}


def _queue_page(form, after: str | None = None, fragment: str | None = None, status: int = 200):
    """The queue as the address filters it, from ``after``, with the bulk-decision form."""
    filters = QueueFilters.from_args(request.args)
    return render(
        "moderation/queue.html",
        fragment=fragment,
        results=load_queue(filters, after),
        filters=filters,
        reasons=REASONS,
        ages=AGES,
        form=form,
        status=status,
        **_summary(),
    )


def _queue_again(form):
    """The bulk-decision form sent back to be put right (the whole page, even for htmx)."""
    return _queue_page(form, status=422)
