"""Events other features (notifications) can listen to without editing this one.

Each is sent after the change is flushed, inside the request's transaction, with the
acting official as ``actor``.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

# sender: the OfficialResponse; kwargs: actor, target (the Proposal), previous (status or None)
response_given = _events.signal("outcomes.response-given")
# sender: the Outcome; kwargs: actor, consultation
outcome_published = _events.signal("outcomes.outcome-published")
# sender: the Commitment; kwargs: actor, update (CommitmentUpdate or None when created)
commitment_changed = _events.signal("outcomes.commitment-changed")
