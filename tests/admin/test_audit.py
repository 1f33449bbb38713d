"""The audit log page: every privileged action, newest first, paged."""

from __future__ import annotations

import re

from engage.audit.service import record
from engage.extensions import db
from tests.factories import login, post_form


def entry_reasons(page: str) -> list[str]:
    return re.findall(r"Reason: ([^<\n]+)", page)


def test_audit_log_lists_role_changes_with_actor_target_and_reason(client, factories):
    admin = factories.user("admin", name="Ada Admin")
    target = factories.user(name="Tom Target")
    login(client, admin)
    post_form(client, f"/admin/users/{target.id}", {"roles": ["moderator"], "reason": "Forum lead"})

    page = client.get("/admin/audit").get_data(as_text=True)

    assert "user.roles_changed" in page
    assert "by Ada Admin" in page
    assert f'<a href="/admin/users/{target.id}" dir="auto">Tom Target</a>' in page
    assert "Reason: Forum lead" in page
    assert re.search(r'<th scope="row">Roles</th>\s*<td dir="auto">resident</td>', page)
    assert 'aria-current="page"' in page


def test_system_actions_are_shown_as_the_system(client, factories):
    login(client, factories.user("admin"))
    record(None, "user.created", "user", 42, "created from the command line")
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "by the system" in page
    assert "Reason: created from the command line" in page


def test_empty_audit_log_says_so(client, factories):
    login(client, factories.user("admin"))
    assert "Nothing recorded yet." in client.get("/admin/audit").get_data(as_text=True)


def test_audit_log_is_paged_newest_first(client, factories):
    admin = factories.user("admin")
    login(client, admin)
    for n in range(55):
        record(admin, "test.action", "user", admin.id, f"entry {n:02d}")
    db.session.commit()

    first = client.get("/admin/audit").get_data(as_text=True)
    reasons = entry_reasons(first)
    assert len(reasons) == 50
    assert reasons[0] == "entry 54"
    older = re.search(r'<a href="([^"]+)">Older</a>', first)
    assert older

    second = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert entry_reasons(second) == [f"entry {n:02d}" for n in range(4, -1, -1)]
    assert "Older</a>" not in second


def test_htmx_request_for_more_entries_gets_the_rows_only(client, factories):
    admin = factories.user("admin")
    login(client, admin)
    record(admin, "test.action", "user", admin.id, "only entry")
    db.session.commit()
    page = client.get("/admin/audit", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert page.lstrip().startswith('<div id="audit-rows"')
    assert entry_reasons(page) == ["only entry"]
