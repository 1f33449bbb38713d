"""Finding consultations: the home page sections and the filtered, paginated list."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.database import utcnow
from tests.consultations.helpers import HX, text
from tests.factories import login


def _titles(page: str) -> list[str]:
    return re.findall(r'<h[23][^>]*><a href="/consultations/[^"]+"[^>]*>([^<]+)</a>', page)


def test_home_lists_open_then_upcoming_then_recently_closed(client, factories):
    now = utcnow()
    factories.consultation(
        "closed",
        title="Closed long ago",
        closes_at=now - timedelta(days=90),
        opens_at=now - timedelta(days=99),
    )
    factories.consultation("closed", title="Closed last week")
    factories.consultation("upcoming", title="Opens next week")
    factories.consultation("open", title="Closes later", closes_at=now + timedelta(days=40))
    factories.consultation("open", title="Closes soon", closes_at=now + timedelta(days=2))
    factories.consultation("draft", title="Draft")
    page = text(client.get("/"))
    assert "Have your say on technology in your city" in page  # the intro stays
    assert _titles(page) == [
        "Closes soon",
        "Closes later",
        "Opens next week",
        "Closed last week",
        "Closed long ago",
    ]
    assert page.index("Open now") < page.index("Opening soon") < page.index("Recently closed")
    assert 'href="/consultations/?status=open"' in page


def test_home_limits_each_section(client, factories):
    for n in range(5):
        factories.consultation("closed", title=f"Closed {n}")
    assert len(_titles(text(client.get("/")))) == 3
    assert "No consultation is open right now." in text(client.get("/"))


def test_list_filters_by_topic_and_status(client, factories):
    factories.consultation("open", title="AI open")
    factories.consultation("closed", title="AI closed")
    factories.consultation("open", title="Sensors open", topic_slug="smart-city-and-sensors")
    factories.consultation("draft", title="Hidden draft")
    assert sorted(_titles(text(client.get("/consultations/")))) == [
        "AI closed",
        "AI open",
        "Sensors open",
    ]
    page = text(client.get("/consultations/?topic=ai-and-algorithms&status=open"))
    assert _titles(page) == ["AI open"]
    assert "1 consultation found." in page
    assert '<option value="open" selected>' in page
    assert _titles(text(client.get("/consultations/?topic=smart-city-and-sensors"))) == [
        "Sensors open"
    ]
    page = text(client.get("/consultations/?status=upcoming"))
    assert "0 consultations found." in page and "No consultations match." in page


def test_all_closed_consultations_include_those_with_a_published_outcome(client, factories):
    """Issue 22, defect 4: home listed a closed consultation with its outcome published, and
    its "All closed consultations" link (?status=closed) found none."""
    factories.consultation("outcome", title="Answered and closed")
    factories.consultation("closed", title="Closed, outcome to come")
    factories.consultation("open", title="Still open")
    home = text(client.get("/"))
    assert "Answered and closed" in home and 'href="/consultations/?status=closed"' in home
    closed = text(client.get("/consultations/?status=closed"))
    assert sorted(_titles(closed)) == ["Answered and closed", "Closed, outcome to come"]
    # The narrower filter still finds only those with an outcome.
    assert _titles(text(client.get("/consultations/?status=outcome"))) == ["Answered and closed"]


def test_list_sorts(client, factories):
    now = utcnow()
    a = factories.consultation(
        "open", title="A", closes_at=now + timedelta(days=9), opens_at=now - timedelta(days=1)
    )
    b = factories.consultation(
        "open", title="B", closes_at=now + timedelta(days=3), opens_at=now - timedelta(days=5)
    )
    factories.consultation("closed", title="C")
    for _ in range(3):
        factories.proposal(a)
    factories.proposal(b)
    assert _titles(text(client.get("/consultations/"))) == ["B", "A", "C"]
    assert _titles(text(client.get("/consultations/?sort=newest"))) == ["A", "B", "C"]
    assert _titles(text(client.get("/consultations/?sort=proposals"))) == ["A", "B", "C"]
    assert _titles(text(client.get("/consultations/?sort=nonsense"))) == ["B", "A", "C"]


def test_list_is_paginated_20_per_page(client, factories):
    for n in range(23):
        factories.consultation("open", title=f"Consultation number {n:02d}")
    first = text(client.get("/consultations/?sort=newest"))
    assert len(_titles(first)) == 20
    assert "23 consultations found." in first
    assert "Page 1 of 2" in first
    raw = client.get("/consultations/?sort=newest").get_data(as_text=True)
    next_link = re.search(r'<a href="(/consultations/\?[^"]+)">Next page</a>', raw).group(1)
    assert "page=2" in next_link and "sort=newest" in next_link
    second = text(client.get("/consultations/?sort=newest&page=2"))
    assert len(_titles(second)) == 3 and "Page 2 of 2" in second
    assert set(_titles(first)).isdisjoint(_titles(second))
    # Past the end: the last page, not an error.
    assert "Page 2 of 2" in text(client.get("/consultations/?page=99"))


def test_the_list_fragment_for_htmx_has_the_count_and_results_only(client, factories):
    factories.consultation("open", title="Only one")
    response = client.get("/consultations/?status=open", headers=HX)
    page = text(response)
    assert "<html" not in page
    assert 'id="consultation-list"' in page and 'id="result-count"' in page
    assert "1 consultation found." in page and "Only one" in page
    assert response.headers["Vary"] and "HX-Request" in response.headers["Vary"]
    # The same URL without htmx is the whole page, so a pushed URL works when reloaded.
    assert "<h1>Consultations</h1>" in text(client.get("/consultations/?status=open"))


def test_the_filter_form_works_without_javascript_and_with_htmx(client):
    page = client.get("/consultations/").get_data(as_text=True)
    form = re.search(r"<form[^>]*hx-get[^>]*>", page, re.S).group(0)
    assert 'method="get"' in form and 'action="/consultations/"' in form
    assert 'data-hx-push-url="true"' in form
    assert 'data-hx-select-oob="#result-count:innerHTML"' in form
    assert '<p id="result-count" role="status">' in page


def test_officials_can_list_their_drafts(client, factories):
    factories.consultation("draft", title="My draft")
    factories.consultation("open", title="Public one")
    login(client, factories.user("official"))
    assert _titles(text(client.get("/consultations/?status=draft"))) == ["My draft"]
    assert "My draft" not in text(client.get("/consultations/"))


def test_cards_show_proposal_and_comment_counts(client, factories):
    c = factories.consultation("open", title="Counted")
    factories.proposal(c)
    factories.proposal(c)
    page = text(client.get("/consultations/"))
    assert "2 proposals" in page and "0 comments" in page
