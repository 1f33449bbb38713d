"""What comment templates call: links to where a comment is shown, labels, empty forms."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _

from engage.comments import forms
from engage.comments.models import MAX_DEPTH, Comment
from engage.comments.targets import Target, page_url
from engage.dates import when


def comment_page_url(target: Target, anchor: str | None = None, **args) -> str:
    return page_url(target, anchor=anchor, **args)


def comment_url(comment: Comment, target: Target) -> str:
    return page_url(target, anchor=f"comment-{comment.id}")


def comment_login_url(target: Target) -> str:
    return url_for("accounts.login", next=page_url(target, anchor="comments"))


def new_comment_form(target: Target | None) -> forms.CommentForm:
    """An empty form for a thread (never filled from the current request's POST data)."""
    return forms.CommentForm(formdata=None, takes_stance=bool(target and target.takes_stance))


def stance_label(stance: str | None) -> str:
    return str(forms.STANCE_LABELS.get(stance, "")) if stance else ""


def comment_date(value) -> str:
    return when(value)


def vote_summary(comment: Comment) -> str:
    return _("%(up)d agree, %(down)d disagree", up=comment.upvotes, down=comment.downvotes)


def init_app(app: Flask) -> None:
    for function in (
        comment_page_url,
        comment_url,
        comment_login_url,
        new_comment_form,
        stance_label,
        comment_date,
        vote_summary,
    ):
        app.add_template_global(function)
    app.add_template_global(MAX_DEPTH, "COMMENT_MAX_DEPTH")
