"""Notices (list, mark read), email settings, follow/unfollow, and unsubscribe links."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.accounts.models import User
from engage.extensions import csrf, db, limiter, user_rate_limit_key
from engage.forms import ActionForm, form_status
from engage.htmx import render, wants_fragment
from engage.notifications import bp, emails, forms, kinds, service
from engage.notifications.models import Notice
from engage.notifications.permissions import can_follow, can_read_notice
from engage.notifications.targets import follow_target_or_404, for_follows
from engage.pagination import keyset_page
from engage.params import arg_int
from engage.security import safe_next_url


def _click_limit() -> str:
    return current_app.config.get("RATELIMIT_FOLLOW", "60 per minute;1000 per day")


# Per person: following, unfollowing and marking read are clicks, limited like supports.
_clicks = limiter.shared_limit(
    _click_limit, scope="notification-clicks", key_func=user_rate_limit_key
)


@bp.get("/notifications")
@login_required
def list_notices():
    page = keyset_page(service.notices_query(current_user), Notice.id, arg_int("after"))
    return render("notifications/list.html", page=page)


@bp.post("/notifications/<int:notice_id>/read")
@login_required
@_clicks
def mark_read(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    if not can_read_notice(current_user, notice):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.mark_read(current_user, notice)
    if wants_fragment():
        return render(
            "notifications/_notice.html",
            notice=notice,
            message=_("Marked as read."),
            oob_count=True,
        )
    return redirect(url_for(".list_notices", _anchor=f"notice-{notice.id}"), 303)


@bp.post("/notifications/read-all")
@login_required
@_clicks
def mark_all_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    service.mark_all_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for(".list_notices"), 303)


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = forms.settings_form(service.frequencies(current_user))
    if form.validate_on_submit():
        for group in kinds.GROUPS:
            service.set_frequency(current_user, group, getattr(form, group).data)
        flash(_("Your email settings are saved."), "success")
        return redirect(url_for(".settings"), 303)
    status = form_status()
    follows = for_follows(service.following(current_user))
    return render("notifications/settings.html", form=form, follows=follows, status=status)


@bp.post("/follow/<target_type>/<int:target_id>")
@login_required
@_clicks
def follow(target_type: str, target_id: int):
    return _change_follow(target_type, target_id, True)


@bp.post("/unfollow/<target_type>/<int:target_id>")
@login_required
@_clicks
def unfollow(target_type: str, target_id: int):
    return _change_follow(target_type, target_id, False)


def _change_follow(target_type: str, target_id: int, start: bool):
    """htmx gets the button back; a plain form goes back where it came from."""
    target = follow_target_or_404(target_type, target_id)
    if not can_follow(current_user):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    if start:
        service.follow(current_user, target_type, target_id)
        message = _("You follow this now. Notices about it appear under Notifications.")
    else:
        service.unfollow(current_user, target_type, target_id)
        message = _("You no longer follow this.")
    if wants_fragment():
        return render(
            "notifications/_followed.html",
            follow_type=target_type,
            follow_id=target_id,
            message=message,
        )
    flash(message, "success")
    return redirect(safe_next_url(request.form.get("next"), target.url), 303)


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session or a form
# token. The signed token in the address is the proof, so this one view skips CSRF.
@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    found = emails.read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        return render("notifications/unsubscribe.html", invalid=True, status=404)
    group = found[1]
    if request.method == "POST":
        service.unsubscribe(user, group)
        if request.form.get("List-Unsubscribe") == "One-Click":
            return _("You are unsubscribed."), 200, {"Content-Type": "text/plain; charset=utf-8"}
        return redirect(url_for(".unsubscribe", token=token, done=1), 303)
    return render(
        "notifications/unsubscribe.html",
        invalid=False,
        group=group,
        label=_unsubscribe_label(group),
        done=bool(request.args.get("done")),
    )


def _unsubscribe_label(group: str) -> str:
    if group == kinds.ALL_DIGESTS:
        return _("The daily digest")
    return str(kinds.GROUPS[group][0])


@bp.app_template_global("is_following")
def is_following(target_type: str, target_id: int) -> bool:
    """For the follow button on consultation, proposal and draft pages (one query)."""
    return service.is_following(current_user, target_type, target_id)


@bp.app_template_global("notice_text")
def notice_text(notice: Notice) -> str:
    return kinds.message(notice.kind, notice.data)


@bp.app_template_global("moderation_details")
def moderation_details(data: dict) -> dict:
    return kinds.moderation_details(data)
