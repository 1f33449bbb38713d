"""Statements go through moderation like comments: a held one is in the queue, its case
page shows it and links to it, approving it puts it on the map, hiding it stops votes."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from engage.extensions import db
from engage.moderation.models import ModerationCase
from engage.opinion_map.models import OpinionStatement
from tests.factories import login, post_form
from tests.opinion_map.helpers import fresh, opinion_map, submit


def test_a_moderator_approves_a_held_statement_and_it_goes_on_the_map(app, client, factories):
    consultation, the_map = opinion_map(factories, statements=["Seeded first"])
    login(client, factories.user())
    assert submit(client, consultation, "Footage must be deleted after 30 days").status_code == 303
    statement = db.session.scalar(
        select(OpinionStatement).where(OpinionStatement.seeded.is_(False))
    )
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_id == statement.id))

    moderator = app.test_client()
    login(moderator, factories.user("moderator"))
    queue = unescape(moderator.get("/moderation/queue").get_data(as_text=True))
    assert "Opinion map statement" in queue
    page = unescape(moderator.get(f"/moderation/cases/{case.id}").get_data(as_text=True))
    assert "Footage must be deleted after 30 days" in page
    assert f"/consultations/{consultation.slug}/opinion-map?statement={statement.id}" in page
    assert (
        moderator.get(
            f"/consultations/{consultation.slug}/opinion-map?statement={statement.id}"
        ).status_code
        == 200
    )

    response = post_form(
        moderator,
        f"/moderation/cases/{case.id}/decide",
        {"action": "approve"},
        form_url=f"/moderation/cases/{case.id}",
    )
    assert response.status_code == 303, unescape(response.get_data(as_text=True))[:3000]
    db.session.expire_all()
    assert db.session.get(OpinionStatement, statement.id).visibility == "visible"
    assert fresh(the_map).statement_count == 2


def test_statements_can_be_reported(client, factories):
    consultation, _map = opinion_map(factories, statements=["Seeded first"])
    login(client, factories.user())
    statement = db.session.scalar(select(OpinionStatement))
    page = client.get(f"/consultations/{consultation.slug}/opinion-map").get_data(as_text=True)
    report_url = f"/moderation/report/opinion_statement/{statement.id}"
    assert report_url in page
    assert client.get(report_url).status_code == 200
