"""Reports: a signed-in person flags a proposal, comment, amendment or person.

The form is a page of its own (the link sits next to the item); with htmx the boosted
form swaps the page, so it works the same with and without JavaScript.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.consultations.permissions import can_view_consultation
from engage.extensions import limiter, user_rate_limit_key
from engage.htmx import render
from engage.moderation import bp, content, intake, permissions, visibility
from engage.moderation.models import TARGET_TYPES
from engage.moderation.reports import forms

bp.record_once(lambda state: visibility.init_app(state.app))


def _reported(response) -> bool:
    return response.status_code < 400


report_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_REPORT"],
    key_func=user_rate_limit_key,
    methods=["POST"],
    deduct_when=_reported,
)


def _item_or_404(target_type: str, target_id: int):
    """The item, if this person may see it at all (held content: author and moderators)."""
    if target_type not in TARGET_TYPES:
        abort(404)
    item = content.load(target_type, target_id)
    if item is None or not permissions.can_see(current_user, item):
        abort(404)
    consultation = getattr(item, "consultation", None)
    if consultation is not None and not can_view_consultation(current_user, consultation):
        abort(404)
    return item


def _back(item) -> str:
    if content.kind(item) == "user":
        return url_for("main.home")
    return content.url(item)


@bp.route("/report/<target_type>/<int:target_id>", methods=["GET", "POST"])
@login_required
@report_limit
def report(target_type: str, target_id: int):
    """Tell the moderators what is wrong with an item or a person."""
    item = _item_or_404(target_type, target_id)
    refusal = permissions.report_refusal(current_user, item)
    form = forms.ReportForm()
    if refusal is None and form.validate_on_submit():
        try:
            intake.report(
                current_user._get_current_object(), item, form.reason.data, form.detail.data
            )
        except intake.ReportRefused:
            refusal = permissions.report_refusal(current_user, item)
        else:
            flash(_("Thank you. Your report was sent to the moderators."), "success")
            return redirect(_back(item), 303)
    status = 200
    if refusal is not None:
        status = 403
    elif form.is_submitted():
        status = 422
    return render(
        "moderation/report.html",
        status=status,
        form=form,
        item=item,
        target_type=target_type,
        refusal=refusal,
        back=_back(item),
        excerpt=_excerpt(item),
        reporting_user=target_type == "user",
    )


def _excerpt(item) -> str:
    """What is being reported; a hidden item's text only for its author and moderators."""
    if not permissions.can_read_text(current_user, item):
        return visibility.held_reason(item)
    return content.excerpt(item)
