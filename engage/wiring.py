"""How features plug into each other, in one place, at app start (create_app).

Receivers: each line of CONNECTIONS says who reacts to what (engage.signals). Receivers
of one signal must not depend on each other's order (blinker does not promise one); what
must come first, moderation screening, is called directly by the service that creates
the content, before it sends.

Error answers: the API and two-factor answer some errors before the error page.

Open data: the public record's datasets (open data can't import the ledger).

Content kinds: moderation acts on proposals, comments, amendments and opinion map
statements (held for review first while the map pre-moderates), and comments hang
on consultations, proposals, clauses and amendments, without importing those features;
the features are introduced to them here.
"""

from __future__ import annotations

from flask_login import user_logged_in

from engage import errors, signals
from engage.amendments import listeners as amendments
from engage.amendments import targets as amendment_targets
from engage.amendments.models import Amendment
from engage.api.errors import api_answer
from engage.assisted import listeners as assisted
from engage.coauthors.permissions import writes_with_author
from engage.comments import listeners as comments
from engage.comments import targets as comment_targets
from engage.comments.models import Comment
from engage.demographics import listeners as demographics
from engage.drafts import targets as draft_targets
from engage.ledger import listeners as ledger
from engage.ledger.datasets import LEDGER_DATASETS
from engage.moderation import content as moderation_content
from engage.notifications import listeners as notifications
from engage.opendata import registry as opendata
from engage.opinion_map import listeners as opinion_map
from engage.opinion_map import recompute as opinion_map_recompute
from engage.opinion_map import targets as opinion_map_targets
from engage.opinion_map.models import OpinionStatement
from engage.privacy import listeners as privacy
from engage.proposals import listeners as proposals
from engage.proposals import targets as proposal_targets
from engage.proposals.models import Proposal
from engage.search import listeners as search
from engage.surveys import listeners as surveys
from engage.two_factor.routes import finish_password_step, staff_gate

# (signal, receiver), grouped by the feature that sends.
CONNECTIONS = (
    (signals.consultation_saved, search.index_consultation),
    (signals.consultation_saved, ledger.on_consultation_saved),
    (signals.support_threshold_changed, proposals.mark_reached_thresholds),
    (signals.proposal_created, search.index_proposal),
    (signals.proposal_created, notifications.on_proposal_created),
    (signals.proposal_created, ledger.on_proposal),
    (signals.proposal_edited, search.index_proposal),
    (signals.proposal_edited, ledger.on_proposal),
    (signals.proposal_withdrawn, search.unindex_proposal),
    (signals.proposal_withdrawn, ledger.on_proposal),
    (signals.proposal_threshold_reached, notifications.on_threshold_reached),
    (signals.writes_proposal, writes_with_author),
    (signals.comment_posted, search.index_comment),
    (signals.comment_posted, notifications.on_comment_posted),
    (signals.comment_posted, ledger.on_comment),
    (signals.comment_edited, search.index_comment),
    (signals.comment_edited, ledger.on_comment),
    (signals.comment_deleted, search.unindex_comment),
    (signals.comment_deleted, ledger.on_comment),
    (signals.draft_version_published, notifications.on_draft_version_published),
    (signals.draft_version_published, ledger.on_draft_version_published),
    (signals.amendment_proposed, ledger.on_amendment),
    (signals.amendment_withdrawn, ledger.on_amendment),
    (signals.amendment_decided, notifications.on_amendment_decided),
    (signals.amendment_decided, ledger.on_amendment),
    (signals.visibility_changed, proposals.count_on_consultation),
    (signals.visibility_changed, comments.count_on_target),
    (signals.visibility_changed, amendments.count_on_visibility),
    (signals.visibility_changed, search.reindex_on_visibility),
    (signals.visibility_changed, opinion_map.count_on_visibility),
    (signals.moderation_decided, notifications.on_moderation_decided),
    (signals.moderation_decided, ledger.on_moderation_decided),
    (signals.appeal_decided, notifications.on_appeal_decided),
    (signals.appeal_decided, ledger.on_appeal_decided),
    (signals.password_accepted, finish_password_step),
    (signals.consultation_page, proposals.consultation_page),
    (signals.consultation_page, comments.consultation_page),
    (signals.consultation_page, assisted.consultation_page),
    (signals.consultation_page, amendments.consultation_page),
    (signals.consultation_page, surveys.consultation_page),
    (signals.consultation_page, opinion_map.consultation_page),
    (signals.opinion_vote_cast, opinion_map_recompute.on_opinion_input),
    (signals.opinion_statement_added, opinion_map_recompute.on_opinion_input),
    (signals.opinion_statement_added, ledger.on_opinion_statement),
    (signals.survey_answers_saved, ledger.on_survey_answers_saved),
    (signals.account_deleted, ledger.on_account_deleted),
    (signals.response_given, notifications.on_response_given),
    (signals.response_given, ledger.on_response_given),
    (signals.outcome_published, notifications.on_outcome_published),
    (signals.outcome_published, ledger.on_outcome_published),
    (signals.outcome_corrected, ledger.on_outcome_corrected),
    (signals.email_settings_changed, privacy.record_email_consent),
    (signals.participation_figures, demographics.figures_for_outcome),
)


def connect() -> None:
    """Called by create_app; doing it again changes nothing."""
    for signal, receiver in CONNECTIONS:
        signal.connect(receiver, weak=False)
    # Signing in during the grace period of an account deletion cancels it.
    user_logged_in.connect(privacy.cancel_deletion_on_sign_in, weak=False)
    errors.answer_first(api_answer)  # in this order: an API request gets JSON
    errors.answer_first(staff_gate)
    opendata.register(*LEDGER_DATASETS)
    moderation_content.register("proposal", Proposal)
    moderation_content.register("comment", Comment)
    moderation_content.register("amendment", Amendment)
    moderation_content.register(
        "opinion_statement",
        OpinionStatement,
        url=opinion_map_targets.statement_url,
        reviewed_first=opinion_map_targets.premoderated,
    )
    comment_targets.register(
        "proposal", proposal_targets.proposal, proposal_targets.proposal_consultation
    )
    comment_targets.register(
        "clause", draft_targets.public_clause, draft_targets.clause_consultation
    )
    comment_targets.register(
        "amendment", amendment_targets.public_amendment, amendment_targets.amendment_consultation
    )
