"""What happened, for the features that react to it: search, notifications, counters.

A feature's service changes state, flushes, then sends one of these; it never imports
the features that listen. Each signal's sender is the changed object; keyword arguments
are listed beside it. Receivers run inside the request's transaction and never commit.
Every receiver is connected in one place, ``engage.wiring.connect``, at app start.

Order rule: moderation screening is not a listener. The service that creates content
calls ``moderation.intake.screen_new_content`` itself, before it sends
``proposal_created``, ``comment_posted`` or ``amendment_proposed``, so every
receiver sees the item already held or published. Receivers of one signal do
not depend on each other's order.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Consultations. sender: the Consultation.
consultation_saved = _signals.signal("consultation-saved")  # created, edited or published
support_threshold_changed = _signals.signal("support-threshold-changed")  # while published

# Proposals. sender: the Proposal.
proposal_created = _signals.signal("proposal-created")  # after screening
proposal_edited = _signals.signal("proposal-edited")
proposal_withdrawn = _signals.signal("proposal-withdrawn")
proposal_threshold_reached = _signals.signal("proposal-threshold-reached")
# kwargs: user. Who else writes the proposal with its author: a receiver answers True
# for them (co-authors).
writes_proposal = _signals.signal("writes-proposal")

# Comments. sender: the Comment.
comment_posted = _signals.signal("comment-posted")  # target, parent (or None); after screening
comment_edited = _signals.signal("comment-edited")
comment_deleted = _signals.signal("comment-deleted")  # by its author: a tombstone

# Co-drafting. sender: the Draft; kwargs: consultation, actor.
draft_version_published = _signals.signal("draft-version-published")
# sender: the Amendment; kwargs: official. Accepted or rejected.
amendment_decided = _signals.signal("amendment-decided")
# sender: the Amendment. Proposed (after screening), or withdrawn by its author.
amendment_proposed = _signals.signal("amendment-proposed")
amendment_withdrawn = _signals.signal("amendment-withdrawn")

# Moderation. sender: the item (Proposal, Comment, Amendment); kwargs: kind ('proposal',
# 'comment', 'amendment'), before and after ('visible', 'pending', 'hidden'), count_change
# (-1 entering 'pending', +1 leaving it, else 0: a held item is not counted on its parent).
# The features that own the counters keep them; search shows only visible items.
visibility_changed = _signals.signal("visibility-changed")
# sender: the ModerationAction a moderator took (a decision, or a restore outside an
# appeal), or that moderation intake recorded when reports hid an item (auto_hide).
moderation_decided = _signals.signal("moderation-decided")
# sender: the Appeal, once a moderator decided it.
appeal_decided = _signals.signal("appeal-decided")

# Accounts. sender: the User whose password was right; kwargs: remember, next_url. A
# receiver may answer with the response that finishes signing in (two-factor: ask for the
# code, or sign in and send staff to set one up); without an answer, the person is in.
password_accepted = _signals.signal("password-accepted")

# Pages. A consultation's pages show what other features hang on it: each receiver
# returns a dict of template values for the section asked (summary: proposals'
# top_proposals and support_total, comments' comment_total, amendments'
# amendment_total, assisted input's channels; proposals: listing; discussion: thread).
# sender: the Consultation; kwargs: section, preview (the officials' look at a draft
# before publishing).
consultation_page = _signals.signal("consultation-page")

# Outcomes; the acting official is ``actor``.
# sender: the OfficialResponse; kwargs: actor, target (the Proposal), previous (status or None)
response_given = _signals.signal("outcomes.response-given")
# sender: the Outcome; kwargs: actor, consultation
outcome_published = _signals.signal("outcomes.outcome-published")
# sender: the Outcome; kwargs: actor, consultation. Its text corrected after publishing.
outcome_corrected = _signals.signal("outcomes.outcome-corrected")
# sender: the Commitment; kwargs: actor, update (CommitmentUpdate or None when created)
commitment_changed = _signals.signal("outcomes.commitment-changed")

# Surveys. sender: the Questionnaire; kwargs: actor (the official who published it).
questionnaire_published = _signals.signal("surveys.questionnaire-published")
# sender: the SurveyResponse whose answers were saved, submitted or recorded from paper;
# kwargs: questionnaire.
survey_answers_saved = _signals.signal("surveys.answers-saved")

# Opinion map. sender: the OpinionStatement.
# kwargs: author; after screening (a resident's statement may be held for review)
opinion_statement_added = _signals.signal("opinion-map.statement-added")
# kwargs: user, value (-1, 0, 1), previous (the earlier value, or None for a first vote)
opinion_vote_cast = _signals.signal("opinion-map.vote-cast")

# Email settings. sender: the person's user id; kwargs: emails_on (any email still wanted).
email_settings_changed = _signals.signal("email-settings-changed")

# The outcome report's participation figures. sender: the Consultation. Each receiver
# answers a dict of figures to add (JSON, frozen with the report when it is published).
participation_figures = _signals.signal("participation-figures")

# Account deletion (issue 18). sender: the "former participant" account that now holds
# what the deleted account wrote; sent only when it holds something.
account_deleted = _signals.signal("privacy.account-deleted")
