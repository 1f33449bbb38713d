"""The accountability dashboard: figures per department and official, in a fixed number
of queries whatever the amount of data."""

from __future__ import annotations

from datetime import timedelta

from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import dashboard, service
from engage.outcomes.models import OfficialResponse
from tests.consultations.helpers import text
from tests.outcomes.helpers import department, official_of, over_threshold
from tests.queries import count_queries


def _world(factories, proposals: int = 3, name: str = "Department of Digital Services"):
    dept = department(name)
    official = official_of(factories, dept, "Olu Official")
    consultation = factories.consultation("closed", official=official, department_id=dept.id)
    made = [factories.proposal(consultation) for _ in range(proposals)]
    return dept, official, consultation, made


def _answered_after(official, proposal, days: float, status="accepted"):
    response = service.respond(official, proposal, status, "Reason.")
    response.created_at = proposal.created_at + timedelta(days=days)
    db.session.commit()


def test_department_figures(factories):
    dept, official, consultation, (a, b, c) = _world(factories)
    _answered_after(official, a, 2)
    _answered_after(official, b, 6)
    over_threshold(c, days_ago=40, window=30)  # due 10 days ago, no answer: overdue
    outcome = service.save_outcome(official, consultation, "Heard", "Decided")
    kept = service.add_commitment(official, outcome, "Kept", "", None, [])
    service.add_commitment(official, outcome, "Pending", "", None, [])
    service.add_update(official, kept, "Done", "completed", 100)
    db.session.commit()
    figures = dashboard.accountability()
    row = next(d for d in figures["departments"] if d.name == dept.name)
    assert (row.consultations, row.inputs, row.answered, row.overdue) == (1, 3, 2, 1)
    assert row.answered_share == 67 and row.median_days == 4.0
    assert (row.kept, row.commitments) == (2 - 1, 2)
    person = next(o for o in figures["officials"] if o.key == official.id)
    assert person.name == "Olu Official" and person.inputs == 3


def test_medians_per_department_and_per_official_even_and_odd(factories):
    """The middle answer, or the mean of the middle two; unanswered inputs are not ranked,
    and an answer dated before its input counts as 0 days."""
    dept, olu, mine, made = _world(factories, proposals=5)
    ada = official_of(factories, dept, "Ada Official")
    theirs = factories.consultation("closed", official=ada, department_id=dept.id)
    for proposal, days in zip(made, (10, 1, 7, 3), strict=False):  # the fifth: unanswered
        _answered_after(olu, proposal, days)
    _answered_after(ada, factories.proposal(theirs), 2)
    _answered_after(ada, factories.proposal(theirs), -1)
    figures = dashboard.accountability()
    row = next(d for d in figures["departments"] if d.name == dept.name)
    assert (row.inputs, row.answered) == (7, 6)
    assert row.median_days == 2.5  # 0, 1, 2, 3, 7, 10
    by_name = {o.name: o for o in figures["officials"]}
    assert (by_name["Olu Official"].answered, by_name["Olu Official"].median_days) == (4, 5.0)
    assert (by_name["Ada Official"].inputs, by_name["Ada Official"].median_days) == (2, 1.0)


def test_hidden_and_withdrawn_proposals_are_not_inputs(factories):
    dept, official, consultation, (a, b, c) = _world(factories)
    a.visibility = "hidden"
    b.status = "withdrawn"
    db.session.commit()
    row = next(d for d in dashboard.accountability()["departments"] if d.name == dept.name)
    assert row.inputs == 1


def test_dashboard_query_count_does_not_grow_with_data(client, factories):
    counts = []
    for size in (2, 30):
        dept, official, consultation, made = _world(factories, size, f"Department {size}")
        db.session.add_all(
            OfficialResponse(
                target_type="proposal",
                target_id=p.id,
                consultation_id=consultation.id,
                official_id=official.id,
                status="accepted",
                reason="r",
                created_at=utcnow(),
            )
            for p in made
        )
        db.session.commit()
        client.get("/accountability")
        db.session.expire_all()
        with count_queries() as statements:
            response = client.get("/accountability")
        assert response.status_code == 200
        counts.append(len(statements))
    # departments, consultations run, inputs with first answers, commitments, officials' names
    assert counts[0] == counts[1] == 5, counts


def test_the_page_shows_the_figures_and_a_chart_with_its_table(client, factories):
    dept, official, consultation, (a, b, c) = _world(factories)
    _answered_after(official, a, 1)
    page = text(client.get("/accountability"))
    assert "Department of Digital Services" in page and "33% (1 of 3)" in page
    assert '<svg class="chart-svg"' in page and "Olu Official" in page


def test_with_accountability_seconds_the_figures_are_kept_for_everyone_and_dated(
    app, client, factories, monkeypatch
):
    """Production keeps the figures for a minute (ACCOUNTABILITY_SECONDS): a second view,
    signed in or not, costs no figures query and shows the same; the next time slot shows
    what changed; the page says as of when; 0 works them out for every view."""
    from engage import fragments
    from tests.factories import login

    monkeypatch.setitem(app.config, "ACCOUNTABILITY_SECONDS", 60)
    now = [6_000_000.0]
    monkeypatch.setattr(fragments, "_clock", lambda: now[0])
    dept, official, consultation, (a, b, c) = _world(factories)
    _answered_after(official, a, 1)
    first = text(client.get("/accountability"))
    assert "33% (1 of 3)" in first and "Figures as of" in first

    _answered_after(official, b, 2)
    reader = factories.user()
    with app.test_client() as signed_in:
        login(signed_in, reader)
        with count_queries() as statements:
            kept = text(signed_in.get("/accountability"))
    assert "33% (1 of 3)" in kept  # the minute's figures, for a signed-in reader too
    assert not any("official_responses" in s for s in statements), statements

    now[0] += 60  # the next minute: worked out again
    assert "67% (2 of 3)" in text(client.get("/accountability"))

    monkeypatch.setitem(app.config, "ACCOUNTABILITY_SECONDS", 0)
    _answered_after(official, c, 3)
    live = text(client.get("/accountability"))
    assert "100% (3 of 3)" in live and "Figures as of" not in live
