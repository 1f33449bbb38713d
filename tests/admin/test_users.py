"""Finding people and changing their roles, with the audit trail."""

from __future__ import annotations

import re

from engage.accounts.models import User
from engage.audit.models import AuditEntry
from engage.extensions import db
from tests.accounts.helpers import form_html
from tests.factories import csrf_token_from, login, post_form
from tests.queries import count_queries


def names_in(page: str) -> list[str]:
    return re.findall(r'<td[^>]*><a href="/admin/users/\d+">([^<]+)</a></td>', page)


def older_link(page: str) -> str | None:
    match = re.search(r'<a href="([^"]+)">Older</a>', page)
    return match.group(1).replace("&amp;", "&") if match else None


def as_admin(client, factories, **kwargs) -> User:
    admin = factories.user("admin", **kwargs)
    login(client, admin)
    return admin


def test_search_finds_people_by_name_or_email(client, factories):
    as_admin(client, factories, name="Ada Admin")
    factories.user(name="Zora Quinn", email="zq@example.org")
    factories.user(name="Someone", email="quinn.fan@example.org")
    factories.user(name="Unrelated", email="other@example.org")

    page = client.get("/admin/users?q=QUINN").get_data(as_text=True)

    assert sorted(names_in(page)) == ["Someone", "Zora Quinn"]
    assert 'value="QUINN"' in page
    page = client.get("/admin/users?q=nobody-like-this").get_data(as_text=True)
    assert names_in(page) == []
    assert "Nobody matches nobody-like-this." in page


def test_search_treats_wildcards_as_text(client, factories):
    as_admin(client, factories, name="Ada Admin")
    factories.user(name="Ann_Bee")
    factories.user(name="AnnxBee")
    factories.user(name="Hundred % sure")
    assert names_in(client.get("/admin/users?q=n_b").get_data(as_text=True)) == ["Ann_Bee"]
    assert names_in(client.get("/admin/users?q=%25").get_data(as_text=True)) == ["Hundred % sure"]


def test_people_list_pages_by_keyset_with_an_older_link(client, factories):
    as_admin(client, factories, name="Ada Admin")
    for n in range(30):
        factories.user(name=f"Pat {n:02d}")

    first = client.get("/admin/users?q=pat").get_data(as_text=True)
    first_names = names_in(first)
    assert len(first_names) == 25
    assert first_names[0] == "Pat 29"  # newest first
    link = older_link(first)
    assert link is not None and "after=" in link and "q=pat" in link

    second = client.get(link).get_data(as_text=True)
    second_names = names_in(second)
    assert second_names == [f"Pat {n:02d}" for n in range(4, -1, -1)]
    assert older_link(second) is None
    assert "Back to the newest" in second
    assert not set(first_names) & set(second_names)


def test_people_list_query_count_does_not_grow(client, factories):
    as_admin(client, factories, name="Ada Admin")
    client.get("/admin/users")
    with count_queries() as few:
        client.get("/admin/users")
    for _ in range(20):
        factories.user("moderator")
    with count_queries() as many:
        client.get("/admin/users")
    assert len(many) == len(few), many


def test_htmx_search_gets_only_the_results(client, factories):
    as_admin(client, factories, name="Ada Admin")
    factories.user(name="Zora Quinn")
    response = client.get("/admin/users?q=zora", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="user-results"')
    assert "<html" not in page
    assert names_in(page) == ["Zora Quinn"]
    assert "HX-Request" in response.headers["Vary"]
    boosted = client.get(
        "/admin/users?q=zora", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert "<html" in boosted.get_data(as_text=True)


def change_roles(client, user, roles, reason):
    return post_form(client, f"/admin/users/{user.id}", {"roles": roles, "reason": reason})


def test_role_change_with_a_reason_is_recorded(client, factories):
    admin = as_admin(client, factories, name="Ada Admin")
    target = factories.user(name="Tom Target")

    response = change_roles(client, target, ["moderator", "official"], "  Runs the forum  ")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/users/{target.id}"
    db.session.expire_all()
    assert db.session.get(User, target.id).role_names == {"resident", "moderator", "official"}
    [entry] = db.session.scalars(db.select(AuditEntry)).all()
    assert entry.action == "user.roles_changed"
    assert entry.actor_id == admin.id
    assert (entry.target_type, entry.target_id) == ("user", target.id)
    assert entry.before == {"roles": ["resident"]}
    assert entry.after == {"roles": ["moderator", "official", "resident"]}
    assert entry.reason == "Runs the forum"
    assert entry.created_at is not None
    page = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "Roles updated." in page
    assert "Reason: Runs the forum" in page
    assert "by Ada Admin" in page


def test_removing_a_role_is_recorded_too(client, factories):
    as_admin(client, factories)
    target = factories.user("moderator", "official")
    assert change_roles(client, target, ["official"], "Stepped down").status_code == 303
    db.session.expire_all()
    assert db.session.get(User, target.id).role_names == {"resident", "official"}
    entry = db.session.scalar(db.select(AuditEntry))
    assert entry.before == {"roles": ["moderator", "official", "resident"]}
    assert entry.after == {"roles": ["official", "resident"]}


def test_new_role_takes_effect_for_the_person(app, client, factories):
    as_admin(client, factories)
    # Staff roles need a second factor (tests/two_factor); this person set one up already.
    target = factories.user(second_factor=True)
    their_browser = app.test_client()
    login(their_browser, target)
    assert their_browser.get("/admin/users").status_code == 403

    change_roles(client, target, ["admin"], "Second administrator")

    assert their_browser.get("/admin/users").status_code == 200


def test_role_change_without_a_reason_keeps_the_checked_roles(client, factories):
    as_admin(client, factories)
    target = factories.user()

    response = change_roles(client, target, ["moderator", "admin"], "   ")

    assert response.status_code == 422
    form = form_html(response.get_data(as_text=True), f"/admin/users/{target.id}")
    assert re.search(r'<input checked[^>]*value="moderator"', form)
    assert re.search(r'<input checked[^>]*value="admin"', form)
    assert not re.search(r'<input checked[^>]*value="official"', form)
    assert "Say why the roles are changing." in form
    db.session.expire_all()
    assert db.session.get(User, target.id).role_names == {"resident"}
    assert db.session.scalar(db.select(AuditEntry)) is None


def test_unknown_role_is_refused(client, factories):
    as_admin(client, factories)
    target = factories.user()
    response = change_roles(client, target, ["superuser"], "Because")
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, target.id).role_names == {"resident"}


def test_admin_cannot_remove_their_own_admin_role(client, factories):
    admin = as_admin(client, factories)

    response = change_roles(client, admin, ["moderator"], "Leaving")

    assert response.status_code == 422
    assert "You cannot remove your own admin role." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).role_names == {"resident", "admin"}
    assert db.session.scalar(db.select(AuditEntry)) is None


def test_admin_can_change_their_own_other_roles(client, factories):
    admin = as_admin(client, factories)

    response = change_roles(client, admin, ["admin", "moderator"], "Covering the queue")

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, admin.id).role_names == {"resident", "admin", "moderator"}


def test_another_admin_can_remove_an_admin_role(client, factories):
    as_admin(client, factories)
    other = factories.user("admin")
    assert change_roles(client, other, [], "Left the team").status_code == 303
    db.session.expire_all()
    assert db.session.get(User, other.id).role_names == {"resident"}


def test_saving_the_same_roles_changes_nothing(client, factories):
    as_admin(client, factories)
    target = factories.user("moderator")
    response = change_roles(client, target, ["moderator"], "No change")
    assert response.status_code == 303
    assert "Nothing changed." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEntry)) is None


def test_expired_form_keeps_roles_and_reason(client, factories):
    as_admin(client, factories)
    target = factories.user()
    client.get(f"/admin/users/{target.id}")

    response = client.post(
        f"/admin/users/{target.id}",
        data={"csrf_token": "expired", "roles": ["official"], "reason": "Typed reason"},
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your session expired" in page
    assert "Typed reason</textarea>" in page
    assert re.search(r'<input checked[^>]*value="official"', page)
    again = client.post(
        f"/admin/users/{target.id}",
        data={"csrf_token": csrf_token_from(page), "roles": ["official"], "reason": "Typed reason"},
    )
    assert again.status_code == 303


def test_unknown_user_is_404(client, factories):
    as_admin(client, factories)
    assert client.get("/admin/users/999999").status_code == 404
