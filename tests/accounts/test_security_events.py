"""The security event log on the account page, and how long it is kept."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from flask_login import login_user

from engage.accounts.events import SecurityEvent, purge_old_events, record_security_event
from engage.accounts.sessions import start_session
from engage.database import utcnow
from engage.extensions import db
from tests.accounts.test_sessions import FIREFOX_ANDROID, post_action, sessions_of
from tests.factories import PASSWORD, login, post_form


def kinds_of(user) -> list[str]:
    db.session.expire_all()
    query = db.select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
    return list(db.session.scalars(query.order_by(SecurityEvent.id)))


def test_sign_ins_and_wrong_passwords_are_recorded_and_shown(app, factories):
    user = factories.user()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = FIREFOX_ANDROID
    post_form(client, "/account/login", {"email": user.email, "password": "not it at all"})
    login(client, user)

    assert kinds_of(user) == ["sign_in_failed", "signed_in"]
    page = html.unescape(client.get("/account/profile").get_data(as_text=True))
    assert "Security events" in page
    assert "Someone tried to sign in with a wrong password" in page
    assert "<td>Signed in</td>" in page
    assert page.count("<td>Firefox on Android</td>") == 2
    assert "from the last 90 days" in page


def test_password_changes_and_sign_out_everywhere_are_recorded(app, client, factories):
    user = factories.user()
    login(client, user)
    post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "a brand new passphrase"},
    )
    post_action(client, "/account/sign-out-everywhere")

    assert kinds_of(user) == ["signed_in", "password_changed", "signed_out_everywhere"]


def test_ending_another_device_says_which(app, factories):
    user = factories.user()
    laptop, phone = app.test_client(), app.test_client()
    phone.environ_base["HTTP_USER_AGENT"] = FIREFOX_ANDROID
    login(laptop, user)
    login(phone, user)
    phone_session = max(sessions_of(user), key=lambda s: s.id)

    post_action(laptop, f"/account/sessions/{phone_session.id}/end")

    assert kinds_of(user)[-1] == "session_ended"
    page = html.unescape(laptop.get("/account/profile").get_data(as_text=True))
    assert "Signed out another device (Firefox on Android)" in page


def test_another_persons_browser_is_not_shown_as_the_owners_device(app, factories):
    admin, person = factories.user("admin"), factories.user()
    with app.test_request_context(headers={"User-Agent": FIREFOX_ANDROID}):
        start_session(admin)
        login_user(admin)
        own = record_security_event(admin, "signed_in")
        event = record_security_event(person, "second_factor_reset", reason="lost phone")
    assert (own.browser, own.system) == ("Firefox", "Android")
    assert (event.browser, event.system) == ("", "")
    assert event.details == {"reason": "lost phone"}


def test_an_unknown_kind_is_a_programming_error(factories):
    user = factories.user()
    with pytest.raises(ValueError, match="unknown security event kind"):
        record_security_event(user, "signed_in_by_magic")


def test_the_full_list_is_paginated(app, client, factories):
    user = factories.user()
    login(client, user)
    for _ in range(30):
        record_security_event(user, "sign_in_failed")
    db.session.commit()

    profile = client.get("/account/profile").get_data(as_text=True)
    assert profile.count("Someone tried to sign in with a wrong password") == 5
    assert 'href="/account/security"' in profile
    first = client.get("/account/security").get_data(as_text=True)
    assert first.count("<tr>") == 26  # the header row and 25 events
    older = first.split('href="/account/security?after=')[1].split('"')[0]
    second = client.get(f"/account/security?after={older}").get_data(as_text=True)
    assert second.count("<tr>") == 1 + 31 - 25
    assert client.get("/account/security?after=99999999999999999999").status_code == 200


def test_events_older_than_the_privacy_notice_says_are_purged(app, factories):
    user = factories.user()
    old = record_security_event(user, "signed_in")
    old.created_at = utcnow() - timedelta(days=91)
    recent = record_security_event(user, "signed_in")
    recent.created_at = utcnow() - timedelta(days=89)
    db.session.commit()

    assert purge_old_events() == 1
    db.session.commit()

    assert [e.id for e in db.session.scalars(db.select(SecurityEvent))] == [recent.id]


def test_purge_expired_command(app, factories):
    user = factories.user()
    old = record_security_event(user, "signed_in")
    old.created_at = utcnow() - timedelta(days=100)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["purge-expired"])

    assert result.exit_code == 0, result.output
    assert "Deleted 1 security events" in result.output
    assert kinds_of(user) == []


def test_the_privacy_notice_states_the_retention(client, app):
    page = html.unescape(client.get("/privacy").get_data(as_text=True))
    days = app.config["SECURITY_EVENT_RETENTION_DAYS"]
    assert f"at most {days} days" in page
    assert "Security events" in page
