"""The audit log has every privileged action, and admins filter it."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.audit.service import record
from engage.database import utcnow
from engage.extensions import db
from tests.factories import login, post_form
from tests.moderation.decisions import appealed


def reasons(page: str) -> list[str]:
    return re.findall(r"Reason: ([^<\n]+)", page)


def test_filters_by_action_actor_target_type_and_date(client, factories):
    admin = factories.user("admin", name="Ada Admin")
    mod = factories.user("moderator", name="Mo Moderator")
    record(admin, "user.roles_changed", "user", mod.id, "made a moderator")
    record(mod, "moderation.hide", "comment", 7, "hid a comment")
    record(mod, "moderation.restore", "proposal", 8, "restored a proposal")
    old = record(admin, "consultation.published", "consultation", 1, "long ago")
    db.session.flush()
    old.created_at = utcnow() - timedelta(days=40)
    db.session.commit()
    login(client, admin)

    def shown(query: str) -> list[str]:
        return reasons(client.get("/admin/audit?" + query).get_data(as_text=True))

    assert shown("action=moderation") == ["restored a proposal", "hid a comment"]
    assert shown("action=moderation.hide") == ["hid a comment"]
    assert shown("actor=mo+mod") == ["restored a proposal", "hid a comment"]
    assert shown("target_type=proposal") == ["restored a proposal"]
    since = (utcnow() - timedelta(days=1)).date().isoformat()
    assert "long ago" not in shown(f"since={since}")
    until = (utcnow() - timedelta(days=30)).date().isoformat()
    assert shown(f"until={until}") == ["long ago"]
    assert shown("since=not-a-date") == shown("")
    nothing = client.get("/admin/audit?action=nothing.like.this").get_data(as_text=True)
    assert "No entries match these filters." in nothing


def test_filters_carry_over_to_the_next_page(client, factories):
    admin = factories.user("admin")
    for n in range(55):
        record(admin, "moderation.hide", "comment", n, f"entry {n}")
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/audit?action=moderation").get_data(as_text=True)
    older = re.search(r'<a href="([^"]+)">Older</a>', page).group(1).replace("&amp;", "&")
    assert "action=moderation" in older


def test_moderation_and_appeals_are_audited_with_actors(factories):
    from engage.audit.models import AuditEntry
    from engage.moderation.appeals import service as appeals

    first, second = factories.user("moderator"), factories.user("moderator")
    appeal = appealed(factories, first)
    appeals.decide(second, appeal, "overturned", "Public office.")
    entries = {e.action: e.actor_id for e in db.session.scalars(db.select(AuditEntry))}
    assert entries["moderation.hide"] == first.id
    assert entries["moderation.appeal_filed"] == appeal.appellant_id
    assert entries["moderation.restore"] == second.id
    assert entries["moderation.appeal_overturned"] == second.id


def test_consultation_publish_and_date_changes_are_audited(client, factories):
    from engage.audit.models import AuditEntry

    official = factories.user("official")
    consultation = factories.consultation("draft", official=official)
    login(client, official)
    response = post_form(
        client,
        f"/consultations/{consultation.slug}/publish",
        {},
        form_url=f"/consultations/{consultation.slug}/preview",
    )
    assert response.status_code == 303
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "consultation.published")
    )
    assert entry.actor_id == official.id and entry.target_id == consultation.id
