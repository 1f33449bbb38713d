"""Notices for what other features announce (engage.signals): comments, proposals, draft
versions, official answers and outcomes, amendment decisions, moderation actions, appeals.

Connected in engage.wiring. A held item (moderation screening runs before the signal)
brings no notice yet; a reply reaches the person it answers once it is published."""

from __future__ import annotations

from typing import Any

from flask import url_for

from engage.comments.models import Comment
from engage.comments.targets import find_target
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation.decision_models import APPEALABLE, Decision
from engage.notifications import due, events
from engage.notifications.context import with_links

# Moderation actions the author hears about ('dismiss' closes reports they may never have
# known of, so it is not news to them).
TOLD_TO_AUTHOR = (
    Decision.HIDE,
    Decision.RESTORE,
    Decision.APPROVE,
    Decision.REQUEST_EDIT,
    Decision.SUSPEND,
    Decision.AUTO_HIDE,
)


@with_links
def on_response_given(response: Any, actor: Any = None, target: Any = None, **_: Any) -> None:
    """A proposal's author hears of each official answer (a new one replaces the last)."""
    if target is None:
        return
    events.about_your_content(
        "proposal_answered",
        target.author_id,
        target_type="proposal",
        target_id=target.id,
        title=target.title,
        url=url_for("proposals.view_proposal", proposal_id=target.id),
        actor=actor,
        excerpt=response.reason or "",
    )


@with_links
def on_outcome_published(
    outcome: Any, actor: Any = None, consultation: Any = None, **_: Any
) -> None:
    """Followers hear now; the Announcement row keeps ``flask notify-due`` from repeating it."""
    if consultation is not None:
        due.announce(consultation, "outcome")


def on_comment_posted(comment: Any, target: Any, parent: Any = None, **_: Any) -> None:
    events.comment_posted(comment, target, parent)


def on_proposal_created(proposal: Any, **_: Any) -> None:
    events.proposal_created(proposal)


def on_threshold_reached(proposal: Any, **_: Any) -> None:
    events.threshold_reached(proposal)


def on_draft_version_published(draft: Any, consultation: Any, actor: Any = None, **_: Any) -> None:
    events.draft_version_published(draft, consultation, actor)


@with_links
def on_amendment_decided(amendment: Any, official: Any = None, **_: Any) -> None:
    consultation = _consultation(amendment.consultation_id)
    events.about_your_content(
        "amendment_decided",
        amendment.author_id,
        target_type="amendment",
        target_id=amendment.id,
        title=consultation.title if consultation else "",
        url=url_for("amendments.view_amendment", amendment_id=amendment.id),
        actor=official,
        excerpt=amendment.decision_reason or "",
    )


@with_links
def on_moderation_decided(decision: Any, **_: Any) -> None:
    """The author reads what was done, under which rule (its words as they were then) and,
    for what took something away, how to appeal. The moderator is not named (decisions are
    the team's)."""
    if decision.action == Decision.APPROVE and decision.target_type == "comment":
        _held_reply_approved(decision.target_id)
    if decision.action not in TOLD_TO_AUTHOR or decision.author_id is None:
        return
    consultation = _consultation(decision.consultation_id)
    # A restore overturns a decision: it cites no rule of its own.
    rule = decision.rule if decision.action != Decision.RESTORE else None
    appealable = decision.action in APPEALABLE
    if appealable:
        url = url_for("moderation.appeal_decision", action_id=decision.id)
    else:
        url = url_for("moderation.my_decisions", _anchor=f"decision-{decision.id}")
    events.about_your_content(
        "moderation_action",
        decision.author_id,
        target_type=decision.target_type,
        target_id=decision.target_id,
        title=consultation.title if consultation else "",
        url=url,
        excerpt=decision.note or "",
        extra={
            "action": decision.action,
            "item": decision.target_type,
            "rule": rule.number if rule else None,
            "rule_title": rule.title if rule else "",
            "rule_text": rule.body if rule else "",
            "appeal_url": url if appealable else "",
            "reports": decision.report_count,
        },
    )


@with_links
def on_appeal_decided(appeal: Any, **_: Any) -> None:
    action = appeal.action
    consultation = _consultation(getattr(action, "consultation_id", None))
    events.about_your_content(
        "appeal_decided",
        appeal.appellant_id,
        target_type="appeal",
        target_id=appeal.id,
        title=consultation.title if consultation else "",
        url=url_for("moderation.appeal_decision", action_id=appeal.action_id),
        excerpt=appeal.decision_reason or "",
    )


def _held_reply_approved(comment_id: int) -> None:
    """A reply held for review reaches the person it answers once it is published."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.parent_id is None:
        return
    target = find_target(comment.target_type, comment.target_id)
    parent = db.session.get(Comment, comment.parent_id)
    if target is not None and parent is not None:
        events.reply_posted(comment, parent, target.title)


def _consultation(consultation_id: int | None):
    return db.session.get(Consultation, consultation_id) if consultation_id else None
