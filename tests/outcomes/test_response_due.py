"""Issue 22, defect 14: "Official response due" goes once a proposal is answered, and an
overdue one says so in words — on the consultation's list and on the proposal."""

from __future__ import annotations

import re

from engage.extensions import db
from engage.outcomes import service
from tests.consultations.helpers import text
from tests.outcomes.helpers import over_threshold


def _badges(page: str, title: str) -> str:
    """The badge line of one proposal card in the consultation's list (its proposals page,
    since the consultation page became a hub)."""
    card = re.search(rf">{re.escape(title)}</a></h3>(.*?)</li>", page, re.S)
    assert card, f"no card for {title}"
    return card.group(1)


def test_the_due_badge_goes_once_the_proposal_is_answered(client, factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    waiting = factories.proposal(consultation, title="Waiting for an answer")
    answered = factories.proposal(consultation, title="Already answered")
    over_threshold(waiting, days_ago=5)
    over_threshold(answered, days_ago=5)
    service.respond(official, answered, "accepted", "We will do it.")
    db.session.commit()

    page = text(client.get(f"/consultations/{consultation.slug}/proposals"))
    assert "Official response due" in _badges(page, "Waiting for an answer")
    assert "Official response due" not in _badges(page, "Already answered")
    assert "Answered" in _badges(page, "Already answered")

    proposal_page = text(client.get(f"/proposals/{answered.id}"))
    assert "an official response is due by" not in proposal_page
    assert "days left" not in proposal_page


def test_an_overdue_response_says_overdue(client, factories):
    consultation = factories.consultation("open")
    late = factories.proposal(consultation, title="Late answer")
    over_threshold(late, days_ago=40, window=30)  # due ten days ago

    page = text(client.get(f"/consultations/{consultation.slug}/proposals"))
    badges = _badges(page, "Late answer")
    assert "Official response overdue" in badges
    assert "Official response due" not in badges
    assert "10 days overdue" in text(client.get(f"/proposals/{late.id}"))
