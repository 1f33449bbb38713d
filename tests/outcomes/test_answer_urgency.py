"""Issue 22, defect 17: the "Answer proposals" worklist puts what is urgent first: overdue
(the longest overdue first), then due (soonest first), then over the threshold, then the
rest; overdue is said in words, and the banner's count links to the proposals it counts."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import queries, service
from tests.consultations.helpers import text
from tests.factories import login


def _rows(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="answer-(\d+)"', page)]


def _due(proposal, reached_days_ago: float, due_in_days: float | None) -> None:
    now = utcnow()
    proposal.threshold_reached_at = now - timedelta(days=reached_days_ago)
    proposal.response_due_at = None if due_in_days is None else now + timedelta(days=due_in_days)


def _world(factories):
    official = factories.user("official")
    consultation = factories.consultation("closed", official=official)
    p = {
        name: factories.proposal(consultation, title=name)
        for name in (
            "quiet old",
            "overdue a little",
            "due later",
            "answered over",
            "overdue most",
            "due soon",
            "over, no due date",
            "quiet new",
        )
    }
    _due(p["overdue a little"], 32, -(1 + 2 / 24))
    _due(p["overdue most"], 40, -(3 + 2 / 24))
    _due(p["due soon"], 20, 2.5)
    _due(p["due later"], 5, 25)
    _due(p["over, no due date"], 1, None)
    _due(p["answered over"], 50, -20)
    service.respond(official, p["answered over"], "accepted", "Done.")
    db.session.commit()
    return official, consultation, p


EXPECTED = [
    "overdue most",
    "overdue a little",
    "due soon",
    "due later",
    "over, no due date",
    "quiet new",
    "quiet old",
    "answered over",
]


def test_the_answers_list_is_sorted_by_urgency(client, factories):
    official, consultation, p = _world(factories)
    login(client, official)
    page = text(client.get(f"/consultations/{consultation.slug}/answers"))
    assert _rows(page) == [p[name].id for name in EXPECTED]
    flat = re.sub(r"\s+", " ", page)
    assert "Overdue by 3 days" in flat and "Overdue by 1 day" in flat
    row = re.search(rf'<li id="answer-{p["due soon"].id}".*?</li>', flat).group(0)
    assert "3 days left" in row and "Overdue" not in row


def test_later_pages_continue_in_urgency_order(client, factories, monkeypatch):
    official, consultation, p = _world(factories)
    login(client, official)
    monkeypatch.setattr(queries, "PAGE_SIZE", 3)
    url = f"/consultations/{consultation.slug}/answers"
    shown = []
    while url:
        page = text(client.get(url))
        shown += _rows(page)
        more = re.search(r'<a href="([^"]+)">Older</a>', page)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert shown == [p[name].id for name in EXPECTED]


def test_the_banner_links_to_the_proposals_it_counts(client, factories):
    official, consultation, p = _world(factories)
    login(client, official)
    page = text(client.get(f"/consultations/{consultation.slug}/answers"))
    banner = re.search(r'<p class="notice" id="waiting-banner">(.*?)</p>', page, re.S).group(1)
    assert "5 proposals reached the support threshold" in banner
    link = re.search(r'href="([^"]+)"', banner).group(1).replace("&amp;", "&")
    assert link == f"/consultations/{consultation.slug}/answers?waiting=1"
    waiting = text(client.get(link))
    assert _rows(waiting) == [p[name].id for name in EXPECTED[:5]]
