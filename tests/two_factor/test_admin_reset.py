"""An admin resets someone's second factor (lost phone and codes), with a reason."""

from __future__ import annotations

import html

from engage.accounts.models import User
from engage.audit.models import AuditEntry
from engage.extensions import db
from engage.two_factor.models import RecoveryCode
from tests.factories import PASSWORD, login, post_form
from tests.two_factor.helpers import SETUP, enrol, password_step


def reset_url(user) -> str:
    return f"/admin/users/{user.id}/two-factor/reset"


def test_reset_needs_a_reason_and_changes_nothing_without_one(client, factories):
    admin = factories.user("admin")
    moderator = factories.user("moderator")
    login(client, admin)
    page = client.get(f"/admin/users/{moderator.id}").get_data(as_text=True)
    assert "Reset two-factor sign-in" in page and f'action="{reset_url(moderator)}"' in page

    response = post_form(
        client,
        reset_url(moderator),
        {"reset-reason": "   "},
        form_url=f"/admin/users/{moderator.id}",
    )

    assert response.status_code == 422
    assert "Say why the second factor is being reset." in html.unescape(
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert db.session.get(User, moderator.id).has_second_factor
    assert (
        db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "two_factor.reset"))
        is None
    )


def test_reset_removes_the_factor_signs_them_out_and_is_audited(app, client, factories):
    admin = factories.user("admin")
    moderator = factories.user("moderator", second_factor=False)
    their_browser = app.test_client()
    login(their_browser, moderator)
    enrol(their_browser)
    assert their_browser.get("/moderation/queue").status_code == 200
    login(client, admin)

    response = post_form(
        client,
        reset_url(moderator),
        {"reset-reason": "Lost phone; identity checked on a video call"},
        form_url=f"/admin/users/{moderator.id}",
    )

    assert response.status_code == 303
    db.session.expire_all()
    after = db.session.get(User, moderator.id)
    assert not after.has_second_factor and after.totp_last_step is None
    assert db.session.scalar(db.select(db.func.count()).select_from(RecoveryCode)) == 0
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "two_factor.reset"))
    assert (entry.actor_id, entry.target_id) == (admin.id, moderator.id)
    assert entry.reason == "Lost phone; identity checked on a video call"
    # Signed out everywhere; the next sign-in goes straight to setting up a new app.
    assert their_browser.get("/moderation/queue").status_code == 302
    again = password_step(their_browser, moderator, PASSWORD)
    assert again.headers["Location"].startswith(SETUP)
    # The admin's page says it is off and lists the reset with its reason.
    page = client.get(f"/admin/users/{moderator.id}").get_data(as_text=True)
    assert "Reset two-factor sign-in" not in page
    assert "Lost phone; identity checked on a video call" in page


def test_only_admins_can_reset(app, factories):
    target = factories.user("official")
    for role in ("moderator", "official"):
        client = app.test_client()
        login(client, factories.user(role))
        response = post_form(client, reset_url(target), {"reset-reason": "because"}, form_url="/")
        assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, target.id).has_second_factor


def test_an_admin_without_a_second_factor_cannot_reset_anyone(client, factories):
    target = factories.user("official")
    login(client, factories.user("admin", second_factor=False))
    response = post_form(client, reset_url(target), {"reset-reason": "because"}, form_url="/")
    assert response.headers["Location"].startswith(SETUP)
    db.session.expire_all()
    assert db.session.get(User, target.id).has_second_factor
