"""Setting up an authenticator app: QR code, typed key, confirming code, recovery codes."""

from __future__ import annotations

import html

import pyotp

from engage.accounts.models import User
from engage.audit.models import AuditEntry
from engage.extensions import db
from engage.two_factor.models import RecoveryCode
from tests.factories import login, post_form
from tests.two_factor.helpers import SETUP, enrol, secret_on


def audit_actions(user) -> list[str]:
    return list(
        db.session.scalars(
            db.select(AuditEntry.action)
            .where(AuditEntry.target_type == "user", AuditEntry.target_id == user.id)
            .order_by(AuditEntry.id)
        )
    )


def test_setup_page_shows_a_qr_code_the_key_in_groups_and_the_link(client, factories):
    user = factories.user("moderator", second_factor=False, email="mo@example.org")
    login(client, user)

    page = html.unescape(client.get(SETUP).get_data(as_text=True))

    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = secret_on(page)
    assert len(secret) == 32
    assert "otpauth://totp/Engage:mo%40example.org?secret=" + secret in page
    # Typed by hand in groups of four.
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in page
    # The same key on a reload, until it is confirmed.
    assert secret_on(client.get(SETUP).get_data(as_text=True)) == secret


def test_a_wrong_code_keeps_the_key_and_says_what_to_do(client, factories):
    user = factories.user("official", second_factor=False)
    login(client, user)
    secret = secret_on(client.get(SETUP).get_data(as_text=True))

    response = post_form(client, SETUP, {"code": "000000"})

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "That code doesn't match. Check the time on your device" in page
    assert secret_on(page) == secret
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None


def test_a_code_with_non_ascii_characters_is_a_wrong_code_not_a_500(client, factories):
    """Found by the wapiti scan: hmac.compare_digest refuses non-ASCII str (TypeError)."""
    user = factories.user("official", second_factor=False)
    login(client, user)
    client.get(SETUP)

    response = post_form(client, SETUP, {"code": "12345\u00bf"})

    assert response.status_code == 422
    assert "That code doesn't match" in html.unescape(response.get_data(as_text=True))


def test_the_right_code_turns_it_on_and_shows_ten_recovery_codes_once(client, factories):
    user = factories.user("admin", second_factor=False)
    login(client, user)

    secret, codes = enrol(client)

    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.totp_secret == secret and user.totp_enrolled_at is not None
    assert len(set(codes)) == 10
    stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    for code in codes:
        assert not any(code.replace("-", "") in value for value in stored)
    assert audit_actions(user) == ["two_factor.enrolled"]
    # Shown once: the page now shows the state, not the codes.
    page = client.get(SETUP).get_data(as_text=True)
    assert "Recovery codes left" in page and codes[0] not in page


def test_setting_up_returns_to_the_page_asked_for(client, factories):
    login(client, factories.user("moderator", second_factor=False))
    # Never off the site.
    page = client.get(SETUP + "?next=//evil.example/").get_data(as_text=True)
    assert 'name="next" value="/account/profile"' in page
    page = client.get(SETUP + "?next=/moderation/queue").get_data(as_text=True)
    assert 'name="next" value="/moderation/queue"' in page
    secret = secret_on(page)
    response = post_form(
        client, SETUP, {"code": pyotp.TOTP(secret).now(), "next": "/moderation/queue"}
    )
    assert 'href="/moderation/queue"' in response.get_data(as_text=True)


def test_a_key_being_set_up_is_not_handed_to_the_next_person_on_the_computer(client, factories):
    first = factories.user("moderator", second_factor=False)
    login(client, first)
    seen = secret_on(client.get(SETUP).get_data(as_text=True))
    post_form(client, "/account/logout", {}, form_url="/")

    login(client, factories.user("official", second_factor=False))

    assert secret_on(client.get(SETUP).get_data(as_text=True)) != seen


def test_new_recovery_codes_need_the_password_and_replace_the_old(client, factories):
    user = factories.user("moderator")
    login(client, user)
    first = post_form(
        client, "/account/two-factor/recovery-codes", {"codes-password": "nope"}, form_url=SETUP
    )
    assert first.status_code == 422
    assert "Your password is not right." in html.unescape(first.get_data(as_text=True))

    from tests.factories import PASSWORD
    from tests.two_factor.helpers import recovery_codes_on

    response = post_form(
        client, "/account/two-factor/recovery-codes", {"codes-password": PASSWORD}, form_url=SETUP
    )
    codes = recovery_codes_on(response.get_data(as_text=True))
    assert response.status_code == 200 and len(codes) == 10
    again = post_form(
        client, "/account/two-factor/recovery-codes", {"codes-password": PASSWORD}, form_url=SETUP
    )
    newer = recovery_codes_on(again.get_data(as_text=True))
    assert not set(codes) & set(newer)
    assert db.session.scalar(db.select(db.func.count()).select_from(RecoveryCode)) == 10
    assert audit_actions(user) == ["two_factor.recovery_codes_replaced"] * 2


def test_moving_to_a_new_app_keeps_the_old_one_until_confirmed(client, factories):
    from tests.factories import PASSWORD, TOTP_SECRET

    user = factories.user("admin")
    login(client, user)
    wrong = post_form(
        client, "/account/two-factor/replace", {"replace-password": "x"}, form_url=SETUP
    )
    assert wrong.status_code == 422

    response = post_form(
        client, "/account/two-factor/replace", {"replace-password": PASSWORD}, form_url=SETUP
    )
    assert response.status_code == 303
    page = client.get(SETUP).get_data(as_text=True)
    assert "You are moving to a new authenticator app" in page
    new_secret = secret_on(page)
    assert new_secret != TOTP_SECRET
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == TOTP_SECRET

    enrol(client)

    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == new_secret
    assert audit_actions(user) == ["two_factor.replaced"]


def test_there_is_no_way_to_turn_it_off(app):
    """Staff can't go without: only moving to another app or an admin's reset remove a key."""
    rules = [r.rule for r in app.url_map.iter_rules() if "two-factor" in r.rule]
    assert not [r for r in rules if "off" in r or "disable" in r or "remove" in r]
