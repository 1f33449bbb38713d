"""Officials write, edit, preview and publish consultations; bad input keeps the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engage.audit.models import AuditEntry
from engage.consultations.models import Consultation, Topic
from engage.extensions import db
from tests.consultations.helpers import HX, field_value, post, text
from tests.factories import login


def _topic_id(slug="ai-and-algorithms") -> int:
    return db.session.scalar(db.select(Topic.id).where(Topic.slug == slug))


def form(**changes) -> dict:
    data = {
        "title": "Rules for police use of drones",
        "slug": "",
        "topic": str(_topic_id()),
        "department": "0",
        "official": "0",
        "contact": "drones@example.gov",
        "summary": "Should the police fly drones over the city?",
        "easy_read_summary": "The police want small flying cameras.",
        "body": "## Why\n\nBecause.",
        "commitment": "We will answer.",
        "opens_at": "2099-03-01T09:00",
        "closes_at": "2099-03-12T17:00",
        "support_threshold": "25",
        "response_window_days": "30",
        "action": "save",
    }
    data.update(changes)
    return data


def _by_title(title: str) -> Consultation | None:
    return db.session.scalar(db.select(Consultation).where(Consultation.title == title))


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture
def official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


def test_an_official_saves_a_draft_and_lands_on_its_preview(client, official):
    response = post(client, "/consultations/new", form())
    assert response.status_code == 303
    assert response.headers["Location"] == "/consultations/rules-for-police-use-of-drones/preview"
    c = _by_title("Rules for police use of drones")
    assert c.status == "draft" and c.published_at is None
    assert c.created_by_id == official.id
    assert (c.support_threshold, c.response_window_days) == (25, 30)
    assert [e.actor_id for e in _audit("consultation.created")] == [official.id]
    page = text(client.get(response.headers["Location"]))
    assert "Preview — not published" in page and "Because." in page


def test_times_are_read_in_the_site_timezone_and_stored_in_utc(app, client, official, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/New_York")
    post(
        client,
        "/consultations/new",
        form(opens_at="2099-07-01T09:00", closes_at="2099-07-12T17:00"),
    )
    c = _by_title("Rules for police use of drones")
    assert c.opens_at == datetime(2099, 7, 1, 13, 0, tzinfo=UTC)  # EDT is UTC-4
    edit_page = client.get(f"/consultations/{c.slug}/edit").get_data(as_text=True)
    assert field_value(edit_page, "opens_at") == "2099-07-01T09:00"
    assert "Day and time in the America/New_York timezone." in edit_page


def test_the_slug_is_made_from_the_title_and_kept_unique(client, official, factories):
    factories.consultation(slug="rules-for-police-use-of-drones")
    post(client, "/consultations/new", form())
    assert _by_title("Rules for police use of drones").slug == "rules-for-police-use-of-drones-2"


def test_a_chosen_slug_must_be_free_and_well_formed(client, official, factories):
    factories.consultation(slug="taken")
    for slug, message in [
        ("taken", "Another consultation already uses this web address."),
        ("Not A Slug!", "Use lower-case letters, numbers and single hyphens"),
        ("new", "Use lower-case letters, numbers and single hyphens"),
    ]:
        response = post(client, "/consultations/new", form(slug=slug))
        assert response.status_code == 422, slug
        page = text(response)
        assert message in page
        assert field_value(page, "summary") == "Should the police fly drones over the city?"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "Enter a title."),
        ({"title": "   "}, "Enter a title."),
        ({"title": "x" * 201}, "Use at most 200 characters."),
        ({"summary": " \n "}, "Write a short summary."),
        ({"body": "x" * 50001}, "Use at most 50000 characters."),
        ({"closes_at": "2099-02-01T09:00"}, "The closing time must be after the opening time."),
        ({"closes_at": "2099-03-01T09:00"}, "The closing time must be after the opening time."),
        ({"opens_at": "soon"}, "Not a valid datetime value."),
        ({"opens_at": ""}, "Enter the date and time it opens."),
        ({"support_threshold": "0"}, "Enter a number between 1 and 1,000,000."),
        ({"response_window_days": "400"}, "Enter a number of days between 1 and 365."),
    ],
)
def test_bad_input_is_refused_with_the_text_kept(client, official, changes, message):
    response = post(client, "/consultations/new", form(**changes))
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    # Everything else typed is still there.
    assert field_value(page, "body") == changes.get("body", "## Why\n\nBecause.")
    assert field_value(page, "easy_read_summary") == "The police want small flying cameras."
    assert field_value(page, "opens_at") == changes.get("opens_at", "2099-03-01T09:00")
    assert db.session.scalar(db.select(db.func.count(Consultation.id))) == 0


def test_publishing_needs_an_easy_read_summary(client, official):
    response = post(client, "/consultations/new", form(easy_read_summary="  ", action="publish"))
    assert response.status_code == 422
    page = text(response)
    assert "Write an easy-read summary before publishing." in page
    assert field_value(page, "summary") == "Should the police fly drones over the city?"
    assert field_value(page, "body") == "## Why\n\nBecause."
    assert _by_title("Rules for police use of drones") is None  # nothing half-saved


def test_the_publish_button_sends_an_unready_draft_back_to_the_editor(client, official, factories):
    draft = factories.consultation("draft", easy_read_summary="", body="Careful words.")
    response = post(client, f"/consultations/{draft.slug}/publish")
    assert response.status_code == 422
    page = text(response)
    assert "Write an easy-read summary before publishing." in page
    assert field_value(page, "body") == "Careful words."
    db.session.refresh(draft)
    assert draft.published_at is None
    assert _audit("consultation.published") == []


def test_a_draft_whose_closing_time_passed_cannot_be_published(client, official, factories):
    draft = factories.consultation(
        "draft",
        opens_at=datetime(2020, 1, 1, tzinfo=UTC),
        closes_at=datetime(2020, 2, 1, tzinfo=UTC),
    )
    response = post(client, f"/consultations/{draft.slug}/publish")
    assert response.status_code == 422
    assert "The closing time has passed." in text(response)


def test_publishing_is_audit_logged_and_the_status_follows_the_dates(client, official, factories):
    draft = factories.consultation("draft")  # its dates make it open once published
    response = post(client, f"/consultations/{draft.slug}/publish")
    assert response.status_code == 303
    db.session.refresh(draft)
    assert draft.published_at is not None and draft.status == "open"
    assert [e.target_id for e in _audit("consultation.published")] == [draft.id]
    page = text(client.get(f"/consultations/{draft.slug}"))
    assert "Preview — not published" not in page and ">Open</span>" in page


def test_save_and_publish_in_one_step_makes_an_upcoming_consultation(client, official):
    response = post(client, "/consultations/new", form(action="publish"))
    assert response.status_code == 303
    c = _by_title("Rules for police use of drones")
    assert c.status == "upcoming"
    assert "Opens on March 1, 2099, 09:00" in text(client.get(f"/consultations/{c.slug}"))


def test_editing_records_what_changed_and_keeps_the_slug_after_publishing(
    client, official, factories
):
    c = factories.consultation("open", title="Old title", slug="old-title")
    page = client.get(f"/consultations/{c.slug}/edit").get_data(as_text=True)
    assert field_value(page, "title") == "Old title"
    assert "readonly" in page.split('name="slug"')[1].split(">")[0]
    data = form(title="New title", slug="sneaky-new-slug")
    data["opens_at"] = field_value(page, "opens_at")
    data["closes_at"] = field_value(page, "closes_at")
    response = post(client, f"/consultations/{c.slug}/edit", data)
    assert response.status_code == 303
    db.session.refresh(c)
    assert (c.title, c.slug) == ("New title", "old-title")
    entry = _audit("consultation.edited")[0]
    assert entry.before["title"] == "Old title" and entry.after["title"] == "New title"
    assert "slug" not in entry.after


def test_a_draft_can_change_its_slug(client, official, factories):
    draft = factories.consultation("draft", slug="first-idea")
    response = post(client, f"/consultations/{draft.slug}/edit", form(slug="better-name"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/consultations/better-name/preview"


def test_saving_and_publishing_index_the_consultation_for_search(client, official, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "engage.search.service.index", lambda *args, **kwargs: calls.append((args, kwargs))
    )
    post(client, "/consultations/new", form())
    c = _by_title("Rules for police use of drones")
    assert calls[-1][0][:4] == ("consultation", c.id, c.id, c.title)
    assert calls[-1][1] == {"public": False}
    post(client, f"/consultations/{c.slug}/publish")
    assert calls[-1][1] == {"public": True}


def test_residents_cannot_use_the_editor(client, factories):
    login(client, factories.user())
    assert client.get("/consultations/new").status_code == 403
    assert post(client, "/consultations/new", form()).status_code == 403
    page = text(client.get("/consultations/"))
    assert "Start a consultation" not in page
    assert "Start a consultation" not in text(client.get("/"))


def test_officials_see_the_start_link(client, official):
    assert 'href="/consultations/new"' in client.get("/consultations/").get_data(as_text=True)
    assert 'href="/consultations/new"' in client.get("/").get_data(as_text=True)


def test_the_editor_form_works_as_htmx_boosted_request(client, official):
    # A boosted form post gets the normal redirect; errors come back as a whole page.
    headers = {**HX, "HX-Boosted": "true"}
    response = post(client, "/consultations/new", form(title=""), headers=headers)
    assert response.status_code == 422
    assert "<html" in response.get_data(as_text=True)
