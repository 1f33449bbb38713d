"""Supports: one per person, taken back while open, counted without races; the threshold."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from engage.database import utcnow
from engage.extensions import db
from engage.proposals import service
from engage.proposals.models import Proposal, Support
from tests.consultations.helpers import HX, field_value, post, text, token
from tests.consultations.test_editor import form
from tests.factories import login


def _supports(proposal) -> int:
    return db.session.scalar(
        db.select(db.func.count(Support.id)).where(Support.proposal_id == proposal.id)
    )


def _count(proposal) -> int:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id).support_count


@pytest.fixture
def resident(client, factories):
    user = factories.user(name="Supporter")
    login(client, user)
    return user


def test_supporting_without_javascript_redirects_back_to_the_support_section(
    client, factories, resident
):
    proposal = factories.proposal()
    response = post(client, f"/proposals/{proposal.id}/support")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/proposals/{proposal.id}#support"
    assert (_supports(proposal), _count(proposal)) == (1, 1)
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "You support this proposal." in page and "Remove your support" in page
    assert "1 support" in page


def test_supporting_with_htmx_returns_the_support_region(client, factories, resident):
    proposal = factories.proposal()
    for _ in range(40):
        factories.support(proposal)
    response = post(client, f"/proposals/{proposal.id}/support", headers=HX)
    assert response.status_code == 200
    page = text(response)
    # The controls, and the words for the status line that stays in the page (out of band).
    assert "<html" not in page and page.lstrip().startswith('<div id="support-controls"')
    assert (
        '<p id="support-status" data-hx-swap-oob="innerHTML">'
        "You support this proposal. 41 supports.</p>"
    ) in page
    assert "Remove your support" in page and "data-focus-after-swap" in page
    assert f'data-hx-post="/proposals/{proposal.id}/unsupport"' in page
    assert 'data-hx-target="#support-controls"' in page


def test_taking_support_back_with_and_without_htmx(client, factories, resident):
    proposal = factories.proposal()
    post(client, f"/proposals/{proposal.id}/support")
    response = post(client, f"/proposals/{proposal.id}/unsupport", headers=HX)
    assert response.status_code == 200
    assert "You no longer support this proposal. 0 supports." in text(response)
    assert "Support this proposal" in text(response)
    assert (_supports(proposal), _count(proposal)) == (0, 0)
    post(client, f"/proposals/{proposal.id}/support")
    response = post(client, f"/proposals/{proposal.id}/unsupport")
    assert response.status_code == 303
    assert (_supports(proposal), _count(proposal)) == (0, 0)


def test_a_double_submit_counts_once_and_the_count_never_goes_below_zero(
    client, factories, resident
):
    proposal = factories.proposal()
    csrf = token(client)
    for _ in range(2):
        client.post(f"/proposals/{proposal.id}/support", data={"csrf_token": csrf})
    assert (_supports(proposal), _count(proposal)) == (1, 1)
    for _ in range(2):
        client.post(f"/proposals/{proposal.id}/unsupport", data={"csrf_token": csrf})
    assert (_supports(proposal), _count(proposal)) == (0, 0)


def test_service_reports_whether_anything_changed(factories):
    proposal, person = factories.proposal(), factories.user()
    assert service.support(person, proposal) is True
    assert service.support(person, proposal) is False
    assert service.unsupport(person, proposal) is True
    assert service.unsupport(person, proposal) is False
    assert proposal.support_count == 0


def test_authors_cannot_support_their_own_proposal(client, factories, resident):
    proposal = factories.proposal(author=resident)
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "You can't support your own proposal." in page
    assert "Support this proposal" not in page
    response = post(client, f"/proposals/{proposal.id}/support", headers=HX)
    assert response.status_code == 403
    assert "You can't support your own proposal." in text(response)
    assert _supports(proposal) == 0


@pytest.mark.parametrize("status", ["closed", "upcoming"])
def test_supports_are_frozen_unless_the_consultation_is_open(client, factories, resident, status):
    proposal = factories.proposal(factories.consultation(status))
    supporter = factories.user()
    factories.support(proposal, supporter)
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "This consultation" in page and "Support this proposal" not in page
    for path in ("support", "unsupport"):
        for headers in ({}, HX):
            response = post(client, f"/proposals/{proposal.id}/{path}", headers=headers)
            assert response.status_code == 403
            assert "This consultation" in text(response)
    assert _supports(proposal) == 1
    if status == "closed":
        assert "you can still read everything" in page


def test_withdrawn_proposals_take_no_supports(client, factories, resident):
    proposal = factories.proposal()
    service.withdraw(proposal.author, proposal, "")
    db.session.commit()
    response = post(client, f"/proposals/{proposal.id}/support")
    assert response.status_code == 403
    assert "was withdrawn" in text(response)


def test_unconfirmed_people_cannot_support(client, factories):
    login(client, factories.user(verified=False))
    proposal = factories.proposal()
    assert "Confirm your email address to take part." in text(
        client.get(f"/proposals/{proposal.id}")
    )
    assert post(client, f"/proposals/{proposal.id}/support").status_code == 403
    assert _supports(proposal) == 0


def test_anonymous_people_are_invited_to_sign_in(client, factories):
    proposal = factories.proposal()
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Sign in to support this proposal" in page
    response = client.post(f"/proposals/{proposal.id}/support", data={"csrf_token": token(client)})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_anonymous_people_are_not_invited_to_support_a_withdrawn_proposal(client, factories):
    """As on an amendment no longer open: signing in would not let them support it."""
    proposal = factories.proposal()
    service.withdraw(proposal.author, proposal, "")
    db.session.commit()
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Sign in to support this proposal" not in page
    assert "Sign in to take part." in page


def test_supporting_is_rate_limited_per_person(app, client, factories, resident, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SUPPORT", "3 per minute")
    proposal = factories.proposal()
    for path in ("support", "unsupport", "support"):
        assert post(client, f"/proposals/{proposal.id}/{path}").status_code == 303
    assert post(client, f"/proposals/{proposal.id}/unsupport").status_code == 429
    assert _supports(proposal) == 1


def test_reaching_the_threshold_makes_a_response_due(client, factories, resident):
    c = factories.consultation("open", support_threshold=3, response_window_days=14)
    proposal = factories.proposal(c)
    for person in (factories.user(), factories.user()):
        service.support(person, proposal)
    db.session.commit()
    assert proposal.threshold_reached_at is None
    assert "Needs 1 more support for an official response." in text(
        client.get(f"/proposals/{proposal.id}")
    )
    before = utcnow()
    post(client, f"/proposals/{proposal.id}/support")
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert before <= proposal.threshold_reached_at <= utcnow()
    assert proposal.response_due_at - proposal.threshold_reached_at == timedelta(days=14)
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert "Reached the threshold on" in page and "(14 days left)" in page
    # Taking support back doesn't lift the duty to answer.
    post(client, f"/proposals/{proposal.id}/unsupport")
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.support_count == 2 and proposal.threshold_reached_at is not None
    assert "an official response is due by" in text(client.get(f"/proposals/{proposal.id}"))


@pytest.mark.parametrize(
    "due_in, expected",
    [
        (timedelta(days=12), "(12 days left)"),
        (timedelta(days=1), "(1 day left)"),
        (timedelta(hours=-1), "(due today)"),
        (timedelta(days=-3, hours=-1), "(3 days overdue)"),
        (timedelta(days=-1, hours=-1), "(1 day overdue)"),
    ],
)
def test_days_left_or_overdue(client, factories, due_in, expected):
    now = utcnow()
    proposal = factories.proposal(
        threshold_reached_at=now - timedelta(days=20),
        response_due_at=now + due_in,
        support_count=30,
    )
    page = text(client.get(f"/proposals/{proposal.id}"))
    assert expected in page, page[page.find("Reached") : page.find("Reached") + 200]


# Concurrency --------------------------------------------------------------------------


def _is_postgres(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_two_simultaneous_supports_by_one_person_count_once(app, factories):
    if not _is_postgres(app):
        pytest.skip(
            "SQLite serialises writers, so the race can't happen there; "
            "run with TEST_DATABASE_URL pointing at PostgreSQL"
        )
    proposal = factories.proposal()
    person = factories.user()
    clients = [app.test_client() for _ in range(2)]
    tokens = []
    for client in clients:
        login(client, person)
        tokens.append(token(client))
    url = f"/proposals/{proposal.id}/support"
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def click(client, csrf):
        try:
            # A thread has no app context: each request gets its own, with its own session
            # and connection, like two requests on two server workers.
            barrier.wait(timeout=10)
            statuses.append(client.post(url, data={"csrf_token": csrf}).status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=click, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert statuses == [303, 303]
    assert (_supports(proposal), _count(proposal)) == (1, 1)


def test_lowering_the_threshold_marks_proposals_already_past_it(client, factories):
    official = factories.user("official")
    c = factories.consultation("open", support_threshold=10)
    popular, withdrawn = factories.proposal(c), factories.proposal(c)
    for proposal in (popular, withdrawn):
        for _ in range(4):
            factories.support(proposal)
    service.withdraw(withdrawn.author, withdrawn, "")
    db.session.commit()
    login(client, official)
    page = client.get(f"/consultations/{c.slug}/edit").get_data(as_text=True)
    data = form(title=c.title, support_threshold="3")
    data["opens_at"], data["closes_at"] = (
        field_value(page, "opens_at"),
        field_value(page, "closes_at"),
    )
    assert post(client, f"/consultations/{c.slug}/edit", data).status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, popular.id).threshold_reached_at is not None
    assert db.session.get(Proposal, withdrawn.id).threshold_reached_at is None
