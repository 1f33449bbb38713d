"""The staff home (issue 22, design: "staff dashboards that are worklists"): what needs
the signed-in moderator or official today, most urgent first, with counts beside the
staff links in the header, at no extra query on a warm page."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.database import utcnow
from engage.extensions import db
from engage.moderation import intake
from tests.consultations.helpers import post, text
from tests.factories import login
from tests.moderation.decisions import appealed, reported_comment
from tests.outcomes.helpers import department, official_of
from tests.queries import count_queries


def _owed(proposal, due_in_days: float) -> None:
    now = utcnow()
    proposal.threshold_reached_at = now - timedelta(days=30)
    proposal.response_due_at = now + timedelta(days=due_in_days)


def _flat(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def _official_world(factories):
    mine = department()
    theirs = department("Department of Transport")
    official = official_of(factories, mine)

    def consultation(title, dept=mine):
        made = factories.consultation("closed", title=title)
        made.department_id = dept.id
        return made

    due_later = consultation("Due in ten days")
    overdue = consultation("Two overdue")
    due_soon = consultation("Due in two days")
    elsewhere = consultation("Another department's", dept=theirs)
    quiet = consultation("Nothing owed")
    _owed(factories.proposal(due_later, title="Later"), 10)
    _owed(factories.proposal(overdue, title="Late"), -2.1)
    _owed(factories.proposal(overdue, title="Very late"), -5.1)
    _owed(factories.proposal(due_soon, title="Soon"), 1.5)
    _owed(factories.proposal(elsewhere, title="Not mine"), -9)
    factories.proposal(quiet, title="Under the threshold")
    db.session.commit()
    return official, [overdue, due_soon, due_later], elsewhere


def test_an_official_sees_answers_owed_most_urgent_first(client, factories):
    official, expected, elsewhere = _official_world(factories)
    login(client, official)
    response = client.get("/staff")
    assert response.status_code == 200
    page = _flat(text(response))
    assert [int(n) for n in re.findall(r'<li class="card stack" id="work-(\d+)"', page)] == [
        c.id for c in expected
    ]
    assert elsewhere.title not in page and "Nothing owed" not in page
    overdue = re.search(rf'id="work-{expected[0].id}".*?</ul>', page).group(0)
    assert "2 answers overdue" in overdue and "Overdue by 5 days" in overdue
    assert f'href="/consultations/{expected[0].slug}/answers?waiting=1"' in overdue
    soon = re.search(rf'id="work-{expected[1].id}".*?</ul>', page).group(0)
    assert "1 answer due" in soon and "2 days left" in soon
    assert 'href="/moderation/queue"' not in page, "officials have no moderation section"
    # The header: "Your tasks" with everything waiting (4 answers owed in their consultations).
    nav = re.search(r'<nav class="site-nav".*?</nav>', page).group(0)
    assert re.search(
        r'href="/staff" aria-current="page">Your tasks <span class="badge">4 waiting', nav
    )


def test_a_moderator_sees_the_queue_by_urgency_and_the_appeals(client, factories):
    moderator = factories.user("moderator")
    reported_comment(factories, reporters=3)  # hidden after reports
    reported_comment(factories, reporters=1)  # reported, still shown
    appealed(factories, factories.user("moderator"))  # its case is closed; one appeal open
    login(client, moderator)
    page = _flat(text(client.get("/staff")))
    work = re.search(r'id="moderation-work">(.*?)</ul>', page).group(1)
    assert "1 hidden after reports" in work and "0 held for review" in work
    assert "1 reported, still shown" in work
    assert "2 cases waiting in the queue" in page
    assert "1 appeal waiting for a decision" in page
    assert "Answers owed" not in page, "moderators owe no answers"
    nav = re.search(r'<nav class="site-nav".*?</nav>', page).group(0)
    assert re.search(r'Your tasks <span class="badge">3 waiting</span>', nav)
    assert re.search(r'Moderation <span class="badge">2 waiting</span>', nav)


def test_nothing_waiting_is_said_and_residents_have_no_worklist(client, factories):
    login(client, factories.user("moderator"))
    page = text(client.get("/staff"))
    assert "Nothing needs you today." in page
    assert '<span class="badge">' not in re.search(
        r'<nav class="site-nav".*?</nav>', page, re.S
    ).group(0)
    resident = client.application.test_client()
    login(resident, factories.user())
    assert resident.get("/staff").status_code == 403
    assert 'href="/staff"' not in text(resident.get("/"))


def test_header_counts_cost_no_query_on_a_warm_page_and_follow_writes(client, factories):
    moderator = factories.user("moderator")
    _comment, case = reported_comment(factories, reporters=1)
    login(client, moderator)
    client.get("/")  # warm, as a real server would be
    db.session.expire_all()
    with count_queries() as statements:
        page = text(client.get("/"))
    assert 'Moderation <span class="badge">1 waiting</span>' in page
    assert not [s for s in statements if "moderation_cases" in s], "counted again"

    # A decision here (a POST) drops the kept counts: the next page shows the new ones.
    decided = post(
        client,
        f"/moderation/cases/{case.id}/decide",
        {"action": "dismiss", "note": "Fine."},
    )
    assert decided.status_code in (200, 303), decided.status_code
    page = text(client.get("/"))
    assert "Moderation</a>" in page and '<span class="badge">1 waiting' not in page


def test_a_new_report_shows_in_the_header_once_the_kept_counts_expire(
    client, factories, app, monkeypatch
):
    """Another process's write is seen when the kept counts expire (a minute by default)."""
    monkeypatch.setitem(app.config, "STAFF_COUNTS_SECONDS", 0)
    login(client, factories.user("moderator"))
    assert '<span class="badge">' not in text(client.get("/"))
    comment = factories.comment()
    intake.report(factories.user(), comment, "spam")
    db.session.commit()
    assert 'Moderation <span class="badge">1 waiting</span>' in text(client.get("/"))
