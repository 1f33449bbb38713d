"""The consultation list, a consultation's proposals and a proposal page cost the same
number of SQL queries however many proposals, supports and versions there are."""

from __future__ import annotations

from sqlalchemy import insert

from engage.extensions import db
from engage.proposals.models import Proposal, ProposalVersion, Support
from tests.factories import login
from tests.queries import count_queries


def _count(client, url: str) -> int:
    client.get(url)  # warm the caches a running server has warm (an absent opinion map)
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _grow(factories, consultation, proposal, n: int) -> None:
    """n more proposals, supports on ``proposal`` and earlier versions of it, in bulk."""
    people = [factories.user() for _ in range(3)]
    common = {"consultation_id": consultation.id, "body": "Body"}
    rows = [
        {**common, "author_id": people[i % 3].id, "title": f"Bulk {i}", "support_count": i % 5}
        for i in range(n)
    ]
    db.session.execute(insert(Proposal), rows)
    supporters = [factories.user().id for _ in range(min(n, 30))]
    db.session.execute(
        insert(Support), [{"proposal_id": proposal.id, "user_id": u} for u in supporters]
    )
    versions = [
        {
            "proposal_id": proposal.id,
            "number": proposal.version_count + i,
            "title": "Old",
            "body": "Old",
        }
        for i in range(n // 10)
    ]
    db.session.execute(insert(ProposalVersion), versions)
    proposal.version_count += n // 10
    proposal.support_count += len(supporters)
    consultation.proposal_count += n
    db.session.commit()


def test_page_query_counts_do_not_grow_with_the_data(client, factories):
    login(client, factories.user())
    consultation = factories.consultation("open")
    proposal = factories.proposal(consultation)
    urls = [
        "/",
        "/consultations/",
        f"/consultations/{consultation.slug}",
        # The list moved to the consultation's proposals page (the hub).
        f"/consultations/{consultation.slug}/proposals",
        f"/consultations/{consultation.slug}/proposals?proposals=newest&proposals_page=2",
        f"/proposals/{proposal.id}",
        f"/proposals/{proposal.id}/versions",
    ]
    _grow(factories, consultation, proposal, 10)
    small = {url: _count(client, url) for url in urls}
    _grow(factories, consultation, proposal, 200)
    large = {url: _count(client, url) for url in urls}
    assert large == small
