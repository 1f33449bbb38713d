"""Sessions that really end: sign out, sign out everywhere, one device, password changes."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from engage.accounts.devices import device_from_user_agent
from engage.accounts.sessions import UserSession
from engage.database import utcnow
from engage.extensions import db
from tests.factories import PASSWORD, csrf_token_from, login, post_form

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


def signed_in(client) -> bool:
    response = client.get("/account/profile")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")
    return False


def replay(app, cookies: dict[str, str]):
    """A new client (a new browser) holding only copies of the given cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value, domain="localhost")
    return other


def sign_out(client):
    page = client.get("/account/profile").get_data(as_text=True)
    return client.post("/account/logout", data={"csrf_token": csrf_token_from(page)})


def post_action(client, url: str):
    page = client.get("/account/profile").get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token_from(page)})


def sessions_of(user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(UserSession).where(UserSession.user_id == user.id)))


def test_a_session_cookie_copied_before_sign_out_gets_the_sign_in_page(app, client, factories):
    user = factories.user()
    login(client, user)
    saved = {"session": client.get_cookie("session").value}
    # The copy works while the session lasts...
    assert signed_in(replay(app, saved))

    assert sign_out(client).status_code == 303

    # ...and not after sign-out, although the cookie is signed and not yet expired.
    response = replay(app, saved).get("/account/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")
    assert sessions_of(user) == []


def test_a_remember_me_cookie_copied_before_sign_out_stops_working(app, client, factories):
    user = factories.user()
    post_form(
        client, "/account/login", {"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    saved = {"remember_token": client.get_cookie("remember_token").value}
    assert signed_in(replay(app, saved))

    sign_out(client)

    assert not signed_in(replay(app, saved))


def test_sign_out_everywhere_ends_every_session_of_the_account(app, factories):
    user, other_person = factories.user(), factories.user()
    laptop, phone, someone_else = app.test_client(), app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    login(someone_else, other_person)
    saved_phone = {"session": phone.get_cookie("session").value}

    response = post_action(laptop, "/account/sign-out-everywhere")

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/login"
    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert not signed_in(replay(app, saved_phone))
    assert signed_in(someone_else)
    assert sessions_of(user) == []


def test_one_device_can_be_signed_out_from_the_list(app, factories):
    user = factories.user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    phone_session = max(sessions_of(user), key=lambda s: s.id)

    response = post_action(laptop, f"/account/sessions/{phone_session.id}/end")

    assert response.status_code == 303
    assert not signed_in(phone)
    assert signed_in(laptop)
    assert [s.id for s in sessions_of(user)] != [phone_session.id]
    assert len(sessions_of(user)) == 1


def test_signing_out_this_device_from_the_list_signs_out(app, client, factories):
    user = factories.user()
    login(client, user)
    (only,) = sessions_of(user)

    response = post_action(client, f"/account/sessions/{only.id}/end")

    assert response.status_code == 303
    assert not signed_in(client)


def test_nobody_can_end_another_persons_session(app, factories):
    owner, intruder = factories.user(), factories.user()
    owners_client, intruders_client = app.test_client(), app.test_client()
    login(owners_client, owner)
    login(intruders_client, intruder)
    (owners,) = sessions_of(owner)

    response = post_action(intruders_client, f"/account/sessions/{owners.id}/end")

    assert response.status_code == 404
    assert signed_in(owners_client)
    too_big = post_action(intruders_client, "/account/sessions/99999999999999999999/end")
    assert too_big.status_code == 404


def test_ending_a_session_needs_the_csrf_token(app, client, factories):
    user = factories.user()
    login(client, user)
    (only,) = sessions_of(user)
    assert client.post(f"/account/sessions/{only.id}/end").status_code == 400
    assert client.post("/account/sign-out-everywhere").status_code == 400
    assert signed_in(client)


def test_changing_the_password_ends_every_other_session(app, factories):
    user = factories.user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)

    response = post_form(
        laptop,
        "/account/password",
        {"current_password": PASSWORD, "password": "a brand new passphrase"},
    )

    assert response.status_code == 303
    assert signed_in(laptop)
    assert not signed_in(phone)
    assert len(sessions_of(user)) == 1


def test_the_account_page_lists_sessions_with_their_device(app, factories):
    user = factories.user()
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = FIREFOX_ANDROID
    phone = app.test_client()
    phone.environ_base["HTTP_USER_AGENT"] = SAFARI_IPHONE
    login(laptop, user)
    login(phone, user)

    page = html.unescape(laptop.get("/account/profile").get_data(as_text=True))

    assert "Where you are signed in" in page
    assert "Firefox on Android <strong>(this device)</strong>" in page
    assert "Safari on iPhone</td>" in page
    assert page.count('action="/account/sessions/') == 2
    assert "Sign out everywhere" in page


def test_the_user_agent_itself_is_never_stored(app, factories):
    user = factories.user()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = FIREFOX_ANDROID
    login(client, user)

    (row,) = sessions_of(user)
    assert (row.browser, row.system) == ("Firefox", "Android")
    with db.engine.connect() as conn:
        for table in ("user_sessions", "security_events"):
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}").all()
            assert rows
            assert "rv:125" not in repr(rows)
            assert "Gecko" not in repr(rows)


def test_last_seen_is_written_at_most_every_few_minutes(app, client, factories):
    user = factories.user()
    login(client, user)
    (row,) = sessions_of(user)
    first_seen = row.last_seen_at

    client.get("/account/profile")
    assert sessions_of(user)[0].last_seen_at == first_seen

    long_ago = utcnow() - timedelta(seconds=app.config["SESSION_TOUCH_SECONDS"] + 60)
    row.last_seen_at = long_ago
    db.session.commit()
    client.get("/account/profile")
    assert sessions_of(user)[0].last_seen_at > long_ago + timedelta(seconds=30)


def test_a_session_unused_for_longer_than_remember_me_lasts_is_over(app, client, factories):
    user = factories.user()
    login(client, user)
    (row,) = sessions_of(user)
    row.last_seen_at = utcnow() - app.config["REMEMBER_COOKIE_DURATION"] - timedelta(hours=1)
    db.session.commit()

    assert not signed_in(client)


def test_a_cookie_naming_no_session_is_refused(app, client, factories):
    """Old cookies ("<id>:<session version>") and made-up ids are not a session."""
    from engage.accounts.sessions import load_user

    user = factories.user()
    login(client, user)
    (row,) = sessions_of(user)
    with app.test_request_context():
        assert load_user(f"{user.id}:1") is None
        assert load_user(f"{user.id}:") is None
        assert load_user(f"{user.id}:{row.token_hash}") is None
        assert load_user("x:y") is None
        assert load_user("99999999999999999999999:abc") is None


def test_devices_are_named_roughly():
    cases = {
        FIREFOX_ANDROID: ("Firefox", "Android"),
        SAFARI_IPHONE: ("Safari", "iPhone"),
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0": ("Edge", "Windows"),
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36": ("Chrome", "Linux"),
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.4 Safari/605.1.15": ("Safari", "macOS"),
        "curl/8.5.0": ("", ""),
        "": ("", ""),
    }
    for agent, expected in cases.items():
        assert tuple(device_from_user_agent(agent)) == expected, agent


def test_signing_in_without_a_session_fails_loudly(app, factories):
    """A cookie naming no session would sign the person out on their next request."""
    from flask_login import login_user

    user = factories.user()
    with app.test_request_context(), pytest.raises(RuntimeError, match="sign_in"):
        login_user(user)
