"""Receivers that log public events: each adds its event to the transaction's one
``engage.ledger.events.record_many`` job, which runs after the commit (engage.jobs) and
logs them in the order they happened, in one go (with those of the jobs waiting behind
it in the queue: engage.ledger.events.record_many). They write nothing themselves, so a
rolled-back request logs nothing."""

from __future__ import annotations

from typing import Any

from engage import jobs
from engage.ledger.kinds import current_draft_version_id

RECORD_MANY = "engage.ledger.events.record_many"


def _record(kind: str, row_id: int) -> None:
    jobs.enqueue_batch(RECORD_MANY, (kind, row_id))


def on_consultation_saved(consultation: Any, **_: Any) -> None:
    """Published, changed or closed early (drafts are not public: not logged)."""
    if consultation.published_at is None:
        return
    _record("consultation", consultation.id)


def on_proposal(proposal: Any, **_: Any) -> None:
    _record("proposal", proposal.id)


def on_comment(comment: Any, **_: Any) -> None:
    _record("comment", comment.id)


def on_amendment(amendment: Any, **_: Any) -> None:
    _record("amendment", amendment.id)


def on_opinion_statement(statement: Any, **_: Any) -> None:
    _record("opinion_statement", statement.id)


def on_survey_answers_saved(response: Any, **_: Any) -> None:
    """Sent answers, and each change to them (answers saved to finish later: not yet)."""
    if response.submitted_at is not None:
        _record("survey_response", response.id)


def on_account_deleted(former: Any, **_: Any) -> None:
    """What the deletion changed in logged rows (queued after their own events)."""
    _record("account_deletion", former.id)


def on_response_given(response: Any, **_: Any) -> None:
    _record("official_answer", response.id)


def on_moderation_decided(action: Any, **_: Any) -> None:
    _record("moderation_decision", action.id)


def on_appeal_decided(appeal: Any, **_: Any) -> None:
    """An overturned decision is undone by a new decision, which the log records too."""
    if appeal.result_action_id is not None:
        _record("moderation_decision", appeal.result_action_id)


def on_draft_version_published(draft: Any, **_: Any) -> None:
    _record("draft_version", current_draft_version_id(draft))


def on_outcome_published(outcome: Any, consultation: Any, **_: Any) -> None:
    """The supports as they stood at closing, then the report that answers them."""
    _record("support_checkpoint", consultation.id)
    _record("outcome", outcome.id)


def on_outcome_corrected(outcome: Any, **_: Any) -> None:
    _record("outcome", outcome.id)
