"""Input received on paper, by phone or at an event: recorded by officials, labelled with
its channel wherever it appears, and counted by channel on the consultation page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from engage.assisted.queries import channel_counts
from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.database import utcnow
from engage.extensions import db
from engage.proposals.models import Proposal
from tests.assisted.test_csv_import import _upload
from tests.consultations.helpers import post, text
from tests.factories import login
from tests.outcomes.helpers import department, official_of


@pytest.fixture
def official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


def _record(client, consultation, **data):
    values = {
        "kind": "proposal",
        "channel": "paper",
        "name": "",
        "received_on": "",
        "proposal": "0",
        "title": "",
        "body": "",
    }
    return post(client, f"/consultations/{consultation.slug}/record", {**values, **data})


def test_a_named_paper_proposal_is_labelled_everywhere(client, official, factories):
    consultation = factories.consultation("open")
    response = _record(
        client,
        consultation,
        name="Maria G.",
        title="Benches at bus stops",
        body="Older people need to sit.",
        received_on=str(date.today()),
    )
    assert response.status_code == 303
    proposal = db.session.scalar(select(Proposal))
    assert (proposal.channel, proposal.submitted_for_name) == ("paper", "Maria G.")
    assert proposal.author_id == official.id and proposal.received_on == date.today()
    assert consultation.proposal_count == 1

    byline = "Submitted on paper by Maria G., recorded by Olu Official"
    page = text(client.get(response.headers["Location"]))
    assert byline in page and "On paper" in page
    # The proposals' list is the consultation's proposals page (the hub).
    listing = text(client.get(f"/consultations/{consultation.slug}/proposals"))
    assert byline in listing and "On paper" in listing
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("assisted.%")))
    assert entry.action == "assisted.proposal_recorded" and entry.after["channel"] == "paper"


def test_an_anonymous_phone_comment(client, official, factories):
    consultation = factories.consultation("open")
    proposal = factories.proposal(consultation)
    response = _record(
        client,
        consultation,
        kind="comment",
        channel="phone",
        proposal=str(proposal.id),
        body="Please not near the school.",
    )
    assert response.status_code == 303
    comment = db.session.scalar(select(Comment))
    assert (comment.channel, comment.submitted_for_name) == ("phone", None)
    assert (comment.target_type, comment.target_id) == ("proposal", proposal.id)
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Anonymous, received by phone, recorded by Olu Official" in page
    assert "By phone" in page


def test_proposals_need_a_title_and_everything_needs_words(client, official, factories):
    consultation = factories.consultation("open")
    response = _record(client, consultation, body="")
    page = text(response)
    assert response.status_code == 422
    assert "Enter a title: a proposal needs one." in page
    assert "Type what they wrote or said." in page
    assert db.session.scalar(select(Proposal)) is None


def test_after_closing_only_input_that_arrived_in_time(client, official, factories):
    consultation = factories.consultation("closed")  # closed 10 days ago
    closed_on = consultation.closes_at.date()
    late = _record(
        client, consultation, title="T", body="B", received_on=str(closed_on + timedelta(days=2))
    )
    assert late.status_code == 422 and "It arrived after the consultation closed" in text(late)
    undated = _record(client, consultation, title="T", body="B")
    assert undated.status_code == 422 and "the consultation has closed" in text(undated)
    on_time = _record(client, consultation, title="T", body="B", received_on=str(closed_on))
    assert on_time.status_code == 303


def test_no_recording_once_the_outcome_is_published_or_long_after_closing(
    client, official, factories
):
    outcome = factories.consultation("outcome")
    response = client.get(f"/consultations/{outcome.slug}/record")
    assert response.status_code == 403 and "The outcome is published" in text(response)
    old = factories.consultation(
        "closed", closes_at=utcnow() - timedelta(days=31), opens_at=utcnow() - timedelta(days=60)
    )
    assert client.get(f"/consultations/{old.slug}/record").status_code == 403


def test_residents_cannot_record_input(client, factories):
    login(client, factories.user())
    consultation = factories.consultation("open")
    response = _record(client, consultation, title="T", body="B")
    assert response.status_code == 403
    assert db.session.scalar(select(Proposal)) is None
    page = text(client.get(f"/consultations/{consultation.slug}"))
    assert "Record input received" not in page


def test_counts_by_channel_in_one_grouped_query(client, factories):
    consultation = factories.consultation("open")
    other = factories.consultation("open")
    for channel in ["online", "online", "paper", "phone", "event", "event"]:
        factories.proposal(consultation, channel=channel)
    proposal = factories.proposal(consultation)
    factories.comment(proposal, channel="paper")
    factories.comment(consultation, channel="paper")
    factories.proposal(other, channel="paper")  # another consultation: not counted

    assert consultation.id  # loaded before counting queries
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        counts = channel_counts(consultation)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert counts == {"online": 3, "paper": 3, "phone": 1, "event": 2}
    page = text(client.get(f"/consultations/{consultation.slug}"))
    assert "Input received" in page
    assert "3 online, 3 on paper, 1 by phone, 2 at events" in page


def test_officials_who_do_not_manage_the_consultation_cannot_record_or_import(
    app, client, factories
):
    """Security finding 9: recording and importing paper input follow the consultation's
    management rule (its department's officials, those named on it, admins): another
    department's official gets 403 on every assisted route, nothing is written, and the
    links are not shown."""
    police, schools = department("Police"), department("Schools")
    consultation = factories.consultation("open", department_id=police.id)
    login(client, official_of(factories, schools, name="Other Department"))
    assert client.get(f"/consultations/{consultation.slug}/record").status_code == 403
    assert client.get(f"/consultations/{consultation.slug}/import").status_code == 403
    assert _record(client, consultation, title="T", body="B").status_code == 403
    upload = _upload(client, consultation, "kind,title,body\nproposal,T,B\n")
    assert upload.status_code == 403
    assert db.session.scalar(select(Proposal)) is None
    page = text(client.get(f"/consultations/{consultation.slug}"))
    assert "Record input received" not in page and "Import paper submissions" not in page

    manager = app.test_client()
    login(manager, official_of(factories, police, name="Police Official"))
    page = text(manager.get(f"/consultations/{consultation.slug}"))
    assert "Record input received" in page and "Import paper submissions" in page
    assert _record(manager, consultation, title="T", body="B").status_code == 303
