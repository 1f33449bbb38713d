"""Status follows the dates; drafts are only for the officials who manage them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engage.database import utcnow
from engage.extensions import db
from tests.consultations.helpers import text
from tests.factories import login


@pytest.mark.parametrize("status", ["upcoming", "open", "closed", "outcome"])
def test_status_badge_follows_the_dates(client, factories, status):
    c = factories.consultation(status)
    page = text(client.get(f"/consultations/{c.slug}"))
    label = {
        "upcoming": "Upcoming",
        "open": "Open",
        "closed": "Closed",
        "outcome": "Outcome published",
    }[status]
    assert f">{label}</span>" in page


def test_a_consultation_opens_and_closes_by_itself(client, factories):
    c = factories.consultation("upcoming")
    assert c.status == "upcoming"
    assert "Opens on" in text(client.get(f"/consultations/{c.slug}"))
    # Time passes: nobody presses a button.
    c.opens_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert c.status == "open"
    assert "Open until" in text(client.get(f"/consultations/{c.slug}"))
    c.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert c.status == "closed"
    assert "Closed on" in text(client.get(f"/consultations/{c.slug}"))


def test_open_until_is_shown_in_the_site_timezone(app, client, factories, monkeypatch):
    from datetime import UTC, datetime

    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "Europe/Berlin")
    c = factories.consultation("open", closes_at=datetime(2099, 3, 12, 16, 0, tzinfo=UTC))
    assert "Open until March 12, 2099, 17:00" in text(client.get(f"/consultations/{c.slug}"))


def test_drafts_are_404_for_residents_and_anonymous(client, factories):
    draft = factories.consultation("draft", title="Secret draft")
    assert client.get(f"/consultations/{draft.slug}").status_code == 404
    login(client, factories.user())
    response = client.get(f"/consultations/{draft.slug}")
    assert response.status_code == 404
    assert "Secret draft" not in text(response)
    assert "Secret draft" not in text(client.get("/consultations/"))
    assert "Secret draft" not in text(client.get("/consultations/?status=draft"))
    assert "Secret draft" not in text(client.get("/"))


def test_officials_see_a_draft_with_the_preview_banner(client, factories):
    official = factories.user("official")
    draft = factories.consultation("draft", title="Planned rules")
    login(client, official)
    for url in (f"/consultations/{draft.slug}", f"/consultations/{draft.slug}/preview"):
        page = text(client.get(url))
        assert "Preview — not published" in page
        assert "Planned rules" in page
        assert f'action="/consultations/{draft.slug}/publish"' in page
    assert "Planned rules" in text(client.get("/consultations/?status=draft"))


def test_preview_of_a_published_consultation_goes_to_its_page(client, factories):
    login(client, factories.user("official"))
    c = factories.consultation("open")
    response = client.get(f"/consultations/{c.slug}/preview")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/consultations/{c.slug}")


def test_officials_of_another_department_do_not_see_a_draft(client, factories):
    from engage.consultations.models import Department

    police, schools = Department(slug="police", name="Police"), Department(slug="s", name="S")
    db.session.add_all([police, schools])
    db.session.commit()
    outsider = factories.user("official")
    outsider.department_id = schools.id
    db.session.commit()
    draft = factories.consultation("draft", department_id=police.id)
    login(client, outsider)
    assert client.get(f"/consultations/{draft.slug}").status_code == 404
    assert client.get(f"/consultations/{draft.slug}/edit").status_code == 404
    published = factories.consultation("open", department_id=police.id)
    assert client.get(f"/consultations/{published.slug}/edit").status_code == 403
    page = text(client.get(f"/consultations/{published.slug}"))
    assert "Edit this consultation" not in page


def test_the_page_shows_every_part(client, factories):
    c = factories.consultation(
        "open",
        title="Rules for cameras",
        contact="cameras@example.gov",
        summary="A short summary.",
        easy_read_summary="Cameras can see you.",
        body="## Background\n\nSome <script>alert(1)</script> context.",
        commitment="We will answer every proposal.",
        support_threshold=37,
        response_window_days=14,
    )
    response = client.get(f"/consultations/{c.slug}")
    page = text(response)
    for part in (
        "Rules for cameras",
        "cameras@example.gov",
        "A short summary.",
        "Easy read: what this is about",
        "Cameras can see you.",
        "How your input will be used",
        "We will answer every proposal.",
        "gets 37 supports receives an official response within 14 days",
        "Proposals (0)",
        "Comments",
    ):
        assert part in page, part
    # Body headings sit under the page's own "The details" heading; scripts never survive.
    assert "<h3>Background</h3>" in page
    assert "<script>alert" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "status, reason",
    [
        ("closed", "This consultation closed on"),
        ("upcoming", "This consultation opens on"),
    ],
)
def test_a_consultation_that_is_not_open_explains_instead_of_offering_controls(
    client, factories, status, reason
):
    login(client, factories.user())
    c = factories.consultation(status)
    factories.proposal(c)
    page = text(client.get(f"/consultations/{c.slug}"))
    assert reason in page
    assert "Make a proposal" not in page
    if status == "closed":
        assert "you can still read everything" in page


def test_open_consultation_offers_a_proposal_to_residents_and_sign_in_to_anonymous(
    client, factories
):
    c = factories.consultation("open")
    assert "Sign in to make a proposal" in text(client.get(f"/consultations/{c.slug}"))
    login(client, factories.user())
    page = text(client.get(f"/consultations/{c.slug}"))
    assert f'href="/consultations/{c.slug}/proposals/new"' in page


def test_unconfirmed_people_are_told_to_confirm_their_email(client, factories):
    c = factories.consultation("open")
    login(client, factories.user(verified=False))
    page = text(client.get(f"/consultations/{c.slug}"))
    assert "Confirm your email address to take part." in page
    assert "Make a proposal" not in page
