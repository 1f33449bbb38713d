"""Issue 22, defect 19: officials close an open consultation now, with a reason, and the
audit log records it as closing (not as a plain edit)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.database import utcnow
from engage.dates import utc_to_local
from engage.extensions import db
from tests.consultations.helpers import field_value, post, text
from tests.factories import login


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_close_now_asks_for_a_reason_and_is_audited_as_closing(client, factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    planned = consultation.closes_at
    login(client, official)

    page = text(client.get(f"/consultations/{consultation.slug}"))
    assert f'href="/consultations/{consultation.slug}/close"' in page
    form = text(client.get(f"/consultations/{consultation.slug}/close"))
    assert "Close now" in form and "Why are you closing it early?" in form

    refused = post(client, f"/consultations/{consultation.slug}/close", {"reason": "  "})
    assert refused.status_code == 422
    assert "Say why you are closing it now." in text(refused)
    db.session.expire_all()
    assert consultation.status == "open"

    reason = "The council cancelled the project."
    done = post(client, f"/consultations/{consultation.slug}/close", {"reason": reason})
    assert done.status_code == 303
    assert done.headers["Location"] == f"/consultations/{consultation.slug}"
    db.session.expire_all()
    assert consultation.status == "closed"
    assert consultation.closes_at <= utcnow()

    [entry] = _entries("consultation.closed")
    assert (entry.actor_id, entry.target_id, entry.reason) == (official.id, consultation.id, reason)
    assert entry.before == {"closes_at": planned.isoformat()}
    assert entry.after == {"closes_at": consultation.closes_at.isoformat()}
    assert _entries("consultation.edited") == []
    assert "Closed on" in text(client.get(f"/consultations/{consultation.slug}"))


def test_a_closed_consultation_cannot_be_closed_again(client, factories):
    official = factories.user("official")
    consultation = factories.consultation("closed", official=official)
    login(client, official)
    page = text(client.get(f"/consultations/{consultation.slug}/close"))
    assert "is not open" in page and 'name="reason"' not in page
    response = post(client, f"/consultations/{consultation.slug}/close", {"reason": "Again"})
    assert response.status_code == 409
    assert _entries("consultation.closed") == []


def test_residents_and_other_departments_cannot_close(client, factories):
    consultation = factories.consultation("open")
    login(client, factories.user())
    assert client.get(f"/consultations/{consultation.slug}/close").status_code == 403
    assert (
        post(client, f"/consultations/{consultation.slug}/close", {"reason": "x"}).status_code
        == 403
    )
    assert "/close" not in text(client.get(f"/consultations/{consultation.slug}"))


def test_moving_the_closing_time_to_the_past_is_audited_as_closing(client, factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    login(client, official)
    edit = text(client.get(f"/consultations/{consultation.slug}/edit"))
    values = {
        name: field_value(edit, name)
        for name in (
            "title",
            "slug",
            "summary",
            "easy_read_summary",
            "body",
            "commitment",
            "opens_at",
            "support_threshold",
            "response_window_days",
        )
    }
    past = utc_to_local(utcnow() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    values.update(topic=consultation.topic_id, department=0, official=official.id)
    values.update(closes_at=past, summary="A new summary.", action="save")
    response = post(client, f"/consultations/{consultation.slug}/edit", values)
    assert response.status_code == 303, text(response)
    [closed] = _entries("consultation.closed")
    assert "closes_at" in closed.after
    [edited] = _entries("consultation.edited")
    assert "closes_at" not in edited.after and edited.after["summary"] == "A new summary."
