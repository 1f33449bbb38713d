"""Second-factor changes show in the person's security events (account page)."""

from __future__ import annotations

from engage.accounts.events import SecurityEvent
from engage.extensions import db
from tests.factories import PASSWORD, login, post_form
from tests.two_factor.helpers import SETUP, VERIFY, enrol, password_step


def kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            db.select(SecurityEvent.kind)
            .where(SecurityEvent.user_id == user.id)
            .order_by(SecurityEvent.id)
        )
    )


def test_enrolment_recovery_code_new_codes_and_reset_are_security_events(app, client, factories):
    moderator = factories.user("moderator", second_factor=False)
    login(client, moderator)
    _secret, codes = enrol(client)
    post_form(client, "/account/logout", {}, form_url="/")
    password_step(client, moderator, PASSWORD)
    post_form(client, VERIFY, {"code": codes[0]})
    post_form(
        client, "/account/two-factor/recovery-codes", {"codes-password": PASSWORD}, form_url=SETUP
    )
    admin_browser = app.test_client()
    login(admin_browser, factories.user("admin"))
    post_form(
        admin_browser,
        f"/admin/users/{moderator.id}/two-factor/reset",
        {"reset-reason": "Lost phone"},
        form_url=f"/admin/users/{moderator.id}",
    )

    assert kinds(moderator) == [
        "signed_in",
        "second_factor_enabled",
        "recovery_code_used",
        "signed_in",
        "recovery_codes_regenerated",
        "second_factor_reset",
    ]
    page = client.get("/account/profile")
    assert page.status_code == 302  # signed out everywhere by the reset
