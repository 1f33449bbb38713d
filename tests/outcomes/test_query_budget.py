"""The outcome report, the answers list and the proposal's answer cost a fixed number of
queries, whatever the number of proposals, answers and commitments."""

from __future__ import annotations

import pytest

from engage.extensions import db
from engage.outcomes import service
from tests.factories import login
from tests.queries import count_queries

# Signed in as the official (their session and roles are part of the count: the session
# row is read with the user on every request, so the user and roles are read again even
# though the consultation's official, loaded first, is the same person).
# The preview computes participation statistics live (six grouped queries); the published
# report reads the ones frozen when it was published.
# The preview's 18th query asks which optional questions are on (engage.demographics:
# who took part by them, none here).
# Fewer since issue 23: the reader's roles come with their session, and the roles of
# the people a page names are not loaded (answers: each answer's official's).
PINNED = {"outcome": 8, "outcome preview": 16, "answers": 6}


def _consultation_with(factories, official, size: int, publish: bool):
    consultation = factories.consultation("closed", official=official)
    proposals = [factories.proposal(consultation) for _ in range(size)]
    for p in proposals:
        service.respond(official, p, "under_consideration", "Looking.")
        service.respond(official, p, "accepted", "Yes.")
    outcome = service.save_outcome(official, consultation, "Heard", "Decided")
    for p in proposals[: size // 2]:
        commitment = service.add_commitment(
            official, outcome, f"Promise {p.id}", "", None, [("proposal", p.id)]
        )
        service.add_milestone(official, commitment, "Step", None)
    if publish:
        service.publish_outcome(official, consultation)
    db.session.commit()
    return consultation


@pytest.mark.parametrize("page", ["outcome", "outcome preview", "answers"])
def test_query_count_is_pinned_and_flat(client, factories, page):
    official = factories.user("official")
    login(client, official)
    counts = []
    for size in (2, 20):
        consultation = _consultation_with(factories, official, size, page == "outcome")
        url = f"/consultations/{consultation.slug}/{page.split()[0]}"
        client.get(url)
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] == PINNED[page], f"the {page} page now costs {counts[1]} queries"
