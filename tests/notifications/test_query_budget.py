"""The notifications page and the settings page (with what you follow) cost the same
number of queries with 1 and with 40 notices and follows."""

from __future__ import annotations

from engage.extensions import db
from engage.notifications import service
from tests.factories import login
from tests.notifications.helpers import notice_for
from tests.queries import count_queries

# Fewer since issue 23: the reader's roles come with their session, and the roles of
# the people a page names are not loaded.
PINNED = {"/notifications": 2, "/notifications/settings": 6}


def _cost(client, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_pages_cost_the_same_whatever_the_number_of_notices_and_follows(app, client, factories):
    person = factories.user()
    login(client, person)
    counts = {}
    for total in (1, 40):
        consultation = factories.consultation()
        service.follow(person, "draft", factories.draft(consultation).id)
        for n in range(total):
            notice_for(person, title=f"Notice {n}")
            proposal = factories.proposal(consultation)
            service.follow(person, "proposal", proposal.id)
        service.follow(person, "consultation", consultation.id)
        db.session.commit()
        counts[total] = {url: _cost(client, url) for url in PINNED}
    assert counts[1] == counts[40], counts
    assert counts[40] == PINNED, counts
