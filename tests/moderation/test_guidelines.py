"""Community guidelines: numbered rules, public; admins edit them and each edit is a version."""

from __future__ import annotations

from engage.audit.models import AuditEntry
from engage.extensions import db
from engage.guidelines import service
from tests.factories import login, post_form


def test_default_rules_are_public_and_numbered(client):
    page = client.get("/guidelines").get_data(as_text=True)
    assert "Community guidelines" in page
    assert 'id="rule-3"' in page
    assert "Rule 3: Personal information" in page
    assert "Edit rule" not in page


def test_admin_edits_a_rule_and_the_old_wording_stays_readable(client, factories):
    admin = factories.user("admin", name="Ada Admin")
    login(client, admin)
    assert "Edit rule 3" in client.get("/guidelines").get_data(as_text=True)

    response = post_form(
        client,
        "/guidelines/rules/3/edit",
        {
            "title": "Private details",
            "body": "Never post where someone lives.",
            "note": "Plainer words.",
        },
    )

    assert response.status_code == 303
    current = service.current_version()
    assert current.number == 2
    assert current.rule(3).title == "Private details"
    assert [r.number for r in current.rules] == [1, 2, 3, 4, 5, 6]
    old = client.get("/guidelines/versions/1").get_data(as_text=True)
    assert "Rule 3: Personal information" in old and "earlier version" in old
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "guidelines.edited"))
    assert entry.actor_id == admin.id and entry.reason == "Plainer words."
    assert entry.before["title"] == "Personal information"
    assert entry.after["title"] == "Private details"


def test_adding_a_rule_gives_it_the_next_number(client, factories):
    login(client, factories.user("admin"))
    post_form(
        client,
        "/guidelines/rules/new",
        {"title": "No bots", "body": "People only.", "note": "Bots arrived."},
    )
    assert service.current_version().rules[-1].number == 7


def test_a_change_needs_a_reason_and_keeps_the_text(client, factories):
    login(client, factories.user("admin"))
    response = post_form(
        client,
        "/guidelines/rules/2/edit",
        {"title": "No spam at all", "body": "None.", "note": " "},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why the guidelines are changing." in page
    assert "No spam at all" in page
    assert service.current_version().number == 1


def test_only_admins_edit(client, factories):
    login(client, factories.user("moderator"))
    assert client.get("/guidelines/rules/1/edit").status_code == 403
    assert client.get("/guidelines/rules/99/edit").status_code == 403


def test_unknown_rule_or_version_is_404(client, factories):
    login(client, factories.user("admin"))
    assert client.get("/guidelines/rules/99/edit").status_code == 404
    assert client.get("/guidelines/versions/99").status_code == 404
