"""The one place features' receivers are connected to engage.signals, at app start.

Each line says who reacts to what. Receivers of one signal must not depend on each
other's order (blinker does not promise one); what must come first, moderation
screening, is called directly by the service that creates the content, before it sends.
"""

from __future__ import annotations

from engage import signals
from engage.amendments import listeners as amendments
from engage.comments import listeners as comments
from engage.notifications import listeners as notifications
from engage.proposals import listeners as proposals
from engage.search import listeners as search

# (signal, receiver), grouped by the feature that sends.
CONNECTIONS = (
    (signals.consultation_saved, search.index_consultation),
    (signals.support_threshold_changed, proposals.mark_reached_thresholds),
    (signals.proposal_created, search.index_proposal),
    (signals.proposal_created, notifications.on_proposal_created),
    (signals.proposal_edited, search.index_proposal),
    (signals.proposal_withdrawn, search.unindex_proposal),
    (signals.proposal_threshold_reached, notifications.on_threshold_reached),
    (signals.comment_posted, search.index_comment),
    (signals.comment_posted, notifications.on_comment_posted),
    (signals.comment_edited, search.index_comment),
    (signals.comment_deleted, search.unindex_comment),
    (signals.draft_version_published, notifications.on_draft_version_published),
    (signals.amendment_decided, notifications.on_amendment_decided),
    (signals.visibility_changed, proposals.count_on_consultation),
    (signals.visibility_changed, comments.count_on_target),
    (signals.visibility_changed, amendments.count_on_visibility),
    (signals.visibility_changed, search.reindex_on_visibility),
    (signals.moderation_decided, notifications.on_moderation_decided),
    (signals.appeal_decided, notifications.on_appeal_decided),
    (signals.response_given, notifications.on_response_given),
    (signals.outcome_published, notifications.on_outcome_published),
)


def connect() -> None:
    """Connect every receiver; called by create_app (connecting again changes nothing)."""
    for signal, receiver in CONNECTIONS:
        signal.connect(receiver, weak=False)
