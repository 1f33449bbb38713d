"""Who a voter is in the analysis and in the open data: a pseudonym per consultation.

The same person gets the same key in every recompute and every export of one
consultation's opinion map, so recomputing from the published vote matrix gives the very
same groups (the analysis sorts people by this key). It differs between consultations
and from the person ids of the other datasets, so nobody can join someone's opinion
votes to the comments they signed with their name. Without the site's SECRET_KEY it
can't be turned back into an account.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from flask import current_app

PREFIX = "v-"
LENGTH = 16  # hex characters


def participant_key(consultation_id: int, user_id: int) -> str:
    return _key(current_app.config["SECRET_KEY"], consultation_id, user_id)


@lru_cache(maxsize=65_536)
def _key(secret_key: str, consultation_id: int, user_id: int) -> str:
    message = f"engage-opinion-voter:{consultation_id}:{user_id}".encode()
    return PREFIX + hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:LENGTH]
