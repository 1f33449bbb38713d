"""Comment routes: each loads, checks a predicate, calls one service function, responds.

Without JavaScript every successful POST redirects (303) to the target's page at the
comment; an htmx request gets the fragment to swap and an announcement for screen readers.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from engage.comments import bp, forms, fragments, helpers, permissions, queries, service
from engage.comments.models import MAX_DEPTH, Comment, CommentRevision, CommentStatus
from engage.comments.targets import Target, page_url, target_or_404
from engage.errors import error_page
from engage.extensions import db, limiter, user_rate_limit_key
from engage.forms import ActionForm, form_status
from engage.htmx import render, wants_fragment
from engage.moderation import permissions as moderation_permissions
from engage.params import arg_int, bounded_int
from engage.receipt_links import flash_with_receipt, receipt_link


@bp.record_once
def _template_helpers(state) -> None:
    helpers.init_app(state.app)
    fragments.init_app(state.app)


def _succeeded(response) -> bool:
    """Only what was actually posted counts towards the limits; refused forms don't."""
    return response.status_code < 400


posting_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_COMMENT"],
    scope="comment-posts",
    key_func=user_rate_limit_key,
    methods=["POST"],
    deduct_when=_succeeded,
)
voting_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_COMMENT_VOTE"],
    key_func=user_rate_limit_key,
    deduct_when=_succeeded,
)


def _me():
    return current_user._get_current_object()


def _comment_or_404(comment_id: int) -> tuple[Comment, Target]:
    comment = db.get_or_404(Comment, comment_id)
    if not moderation_permissions.can_see(current_user, comment):  # held for review
        abort(404)
    return comment, target_or_404(comment.target_type, comment.target_id, current_user)


def _text_or_404(comment_id: int) -> tuple[Comment, Target]:
    """For pages that show a comment's text outside the thread (reply form, history): a
    hidden one's text is only for its author and moderators; the thread shows why."""
    comment, target = _comment_or_404(comment_id)
    if not moderation_permissions.can_read_text(current_user, comment):
        abort(404)
    return comment, target


def _parent_or_404(parent_id: str | None, target: Target) -> Comment | None:
    if not parent_id:
        return None
    number = bounded_int(parent_id)
    parent = db.session.get(Comment, number) if number is not None else None
    if parent is None or (parent.target_type, parent.target_id) != (target.kind, target.id):
        abort(404)
    return parent


def _refuse(target: Target, reason: str | None = None):
    """403 that says why, in place of the control that was used."""
    reason = reason or permissions.comment_refusal(current_user, target)
    return render(
        "comments/refused.html",
        fragment="comments/_refused.html",
        status=403,
        target=target,
        reason=reason or _("You can't do that here."),
    )


def _node(comment: Comment, my_vote: int = 0) -> queries.ThreadNode:
    """A comment on its own, as the thread would show it (for fragments)."""
    node = queries.ThreadNode(comment, level=min(comment.depth, MAX_DEPTH), my_vote=my_vote)
    if comment.depth > MAX_DEPTH:
        parent = db.session.get(Comment, comment.parent_id)
        node.reply_to = queries.reply_to_name(parent)
    return node


def _comment_form_again(target, parent, form, status=422, notice=None):
    page, fragment = (
        ("comments/reply.html", "comments/_reply_form.html")
        if parent
        else ("comments/new.html", "comments/_comment_form.html")
    )
    owner = queries.owner_of_replies_to(parent) if parent else None
    response = render(
        page,
        fragment=fragment,
        status=status,
        target=target,
        parent=parent,
        owner=owner,
        comment_form=form,
        inline=wants_fragment(),
        notice=notice,
    )
    return _in_place_of_form(response, parent)


def _in_place_of_form(response, parent: Comment | None):
    """A form that failed goes back where the form was (its hx-target is the comment list)."""
    if wants_fragment():
        slot = f"#reply-form-slot-{parent.id}" if parent else "#comment-form"
        response.headers["HX-Retarget"] = slot
        response.headers["HX-Reswap"] = "innerHTML" if parent else "outerHTML"
    return response


@bp.post("")
@login_required
@posting_limit
def create():
    """Post a comment on a target, or a reply to one of its comments."""
    target = target_or_404(
        request.form.get("target_type"), request.form.get("target_id"), current_user
    )
    parent = _parent_or_404(request.form.get("parent_id"), target)
    if not permissions.can_comment(current_user, target):
        return _in_place_of_form(_refuse(target), parent)
    refusal = permissions.reply_refusal(parent) if parent is not None else None
    if refusal:  # the parent is deleted, held or hidden
        return _in_place_of_form(_refuse(target, refusal), parent)
    form = _new_form(target, parent)
    if not form.validate_on_submit():
        return _comment_form_again(target, parent, form)
    comment = service.post_comment(
        _me(), target, form.body.data, stance=form.stance_value, parent=parent
    )
    if not wants_fragment():
        flash_with_receipt(_posted_message(comment), "comment", comment.id)
        return redirect(_shown_at(comment, target, new=True), 303)
    return render(
        "comments/_posted.html",
        target=target,
        node=_node(comment),
        parent=parent,
        comment_form=helpers.new_comment_form(target),
        receipt=receipt_link("comment", comment.id),
    )


@bp.get("/thread")
def thread():
    """A target's comments: the whole thread, or with ``after`` the next page of it."""
    target = target_or_404(
        request.args.get("target_type"), request.args.get("target_id"), current_user
    )
    loaded = queries.requested_thread(target.kind, target.id)
    fragment = "comments/_thread_page.html" if loaded.after else "comments/_thread.html"
    return render("comments/thread.html", fragment=fragment, thread=loaded, target=target)


@bp.get("/<int:comment_id>")
def show(comment_id: int):
    """One comment in context: its top-level comment with every reply."""
    comment, target = _comment_or_404(comment_id)
    after = arg_int("after")
    if after is None:  # a link to a reply far down a long conversation: the page that has it
        after = queries.subthread_page_of(comment, viewer=current_user)
    loaded = queries.load_subthread(comment, after=after, viewer=current_user)
    return render(
        "comments/show.html",
        fragment="comments/_subthread.html",
        thread=loaded,
        target=target,
        comment=comment,
    )


@bp.get("/<int:comment_id>/reply")
def reply(comment_id: int):
    """The reply form: a page without JavaScript, fetched into the thread with it."""
    parent, target = _text_or_404(comment_id)
    refusal = permissions.comment_refusal(current_user, target)
    if wants_fragment() and (refusal or parent.is_deleted):
        return _refuse(target, refusal or permissions.reply_refusal(parent))
    form = forms.reply_form(parent, formdata=None)
    return render(
        "comments/reply.html",
        fragment="comments/_reply_form.html",
        target=target,
        parent=parent,
        owner=queries.owner_of_replies_to(parent),
        comment_form=form,
        refusal=refusal,
        inline=wants_fragment(),
    )


@bp.route("/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
@posting_limit
def edit(comment_id: int):
    """The author changes their comment; the old text stays visible in its history."""
    comment, target = _comment_or_404(comment_id)
    if not permissions.can_change_comment(current_user, comment, target):
        return _refuse(target, permissions.change_refusal(current_user, comment, target))
    form = forms.edit_form(comment, _takes_stance(comment, target))
    if form.validate_on_submit():
        service.edit_comment(comment, form.body.data, form.stance_value)
        return _changed(comment, target, _("Your changes are saved."))
    return _edit_form(comment, target, form)


@bp.post("/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    """The author deletes their comment: a tombstone that keeps the replies under it."""
    comment, target = _comment_or_404(comment_id)
    if not permissions.can_change_comment(current_user, comment, target):
        return _refuse(target, permissions.change_refusal(current_user, comment, target))
    if not ActionForm().validate_on_submit():
        abort(400)
    service.delete_comment(comment)
    return _changed(comment, target, _("Your comment is deleted."))


@bp.post("/<int:comment_id>/vote")
@login_required
@voting_limit
def vote(comment_id: int):
    """Agree or disagree; sending the same again takes the vote back."""
    comment, target = _comment_or_404(comment_id)
    if not permissions.can_vote_on_comment(current_user, comment, target):
        return _refuse(target, permissions.vote_refusal(current_user, comment, target))
    form = forms.VoteForm()
    if not form.validate_on_submit():
        abort(400)
    value = service.vote(_me(), comment, service.UP if form.value.data == "up" else service.DOWN)
    if not wants_fragment():
        flash(_vote_message(comment, value), "success")
        return redirect(_shown_at(comment, target), 303)
    return render(
        "comments/_voted.html",
        node=_node(comment, my_vote=value),
        target=target,
        focus=form.value.data,
    )


@bp.get("/<int:comment_id>/history")
def history(comment_id: int):
    """Every earlier version of a comment, for everyone; a deleted one's only for moderators."""
    comment, target = _text_or_404(comment_id)
    revisions = []
    if permissions.can_read_history(current_user, comment):
        revisions = db.session.scalars(
            db.select(CommentRevision)
            .where(CommentRevision.comment_id == comment.id)
            .order_by(CommentRevision.id.desc())
        ).all()
    return render("comments/history.html", comment=comment, target=target, revisions=revisions)


# Helpers for the routes above ---------------------------------------------------------


def _new_form(target: Target, parent: Comment | None) -> forms.CommentForm:
    if parent is not None:
        return forms.reply_form(parent)
    return forms.CommentForm(takes_stance=target.takes_stance)


def _takes_stance(comment: Comment, target: Target) -> bool:
    return target.takes_stance and comment.parent_id is None


def _edit_form(comment, target, form, status=None, notice=None):
    status = status or form_status()
    return render(
        "comments/edit.html",
        fragment="comments/_edit_form.html",
        status=status,
        comment=comment,
        target=target,
        comment_form=form,
        inline=wants_fragment(),
        notice=notice,
    )


def _changed(comment, target, announcement):
    if not wants_fragment():
        flash(announcement, "success")
        return redirect(_shown_at(comment, target), 303)
    my_vote = 0  # the author can't vote on their own comment
    return render(
        "comments/_changed.html",
        node=_node(comment, my_vote),
        target=target,
        announcement=announcement,
    )


def _shown_at(comment: Comment, target: Target, new: bool = False) -> str:
    """Where a plain form post goes back to: a page that surely shows the comment. A new
    comment: its target's page, newest first. Anything else: the comment in its
    conversation (on the target's page, a reply past the first ten is behind a link)."""
    anchor = f"comment-{comment.id}"
    if new and comment.parent_id is None:
        return page_url(target, sort="newest", anchor=anchor)
    return url_for("comments.show", comment_id=comment.id, _anchor=anchor)


def _posted_message(comment: Comment) -> str:
    if comment.status == CommentStatus.PENDING:
        return _("Your comment is saved and waits for a moderator to review it.")
    return _("Your reply is posted.") if comment.parent_id else _("Your comment is posted.")


def _vote_message(comment: Comment, value: int) -> str:
    summary = helpers.vote_summary(comment)
    if value == 1:
        return _("Vote recorded: you agree. %(summary)s.", summary=summary)
    if value == -1:
        return _("Vote recorded: you disagree. %(summary)s.", summary=summary)
    return _("Vote removed. %(summary)s.", summary=summary)


@bp.errorhandler(429)
def too_many(error):
    """Posting or voting too fast: say so, and give back what was typed."""
    try:
        response = _slow_down()
    except HTTPException:  # e.g. the form named no target: the plain page will do
        response = None
    if response is None:
        return error_page(429, error)
    if getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _slow_down():
    notice = _(
        "You're posting faster than we allow. Wait a minute, then send it again: "
        "your text is still here."
    )
    if request.endpoint == "comments.create":
        target = target_or_404(
            request.form.get("target_type"), request.form.get("target_id"), current_user
        )
        parent = _parent_or_404(request.form.get("parent_id"), target)
        form = _new_form(target, parent)
        return _comment_form_again(target, parent, form, status=429, notice=notice)
    if request.endpoint == "comments.edit":
        comment, target = _comment_or_404(request.view_args["comment_id"])
        form = forms.edit_form(comment, _takes_stance(comment, target))
        return _edit_form(comment, target, form, status=429, notice=notice)
    if request.endpoint == "comments.vote" and wants_fragment() and current_user.is_authenticated:
        comment, target = _comment_or_404(request.view_args["comment_id"])
        node = _node(comment, service.current_vote(_me(), comment))
        announcement = _("You're voting faster than we allow. Wait a minute, then try again.")
        return render(
            "comments/_voted.html", node=node, target=target, status=429, announcement=announcement
        )
    return None
