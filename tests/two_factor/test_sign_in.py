"""Signing in with a second factor: the password, then a code; only then signed in."""

from __future__ import annotations

import html
import time

import pyotp
import pytest

from engage.accounts.models import User
from engage.audit.models import AuditEntry
from engage.extensions import db
from tests.factories import PASSWORD, TOTP_SECRET, login, next_totp_code, post_form
from tests.two_factor.helpers import VERIFY, enrol, password_step

WRONG = "That code isn't right. Enter the newest code from your app, or a recovery code."


def signed_in(client) -> bool:
    return client.get("/account/profile").status_code == 200


def test_the_password_alone_does_not_sign_in(client, factories):
    user = factories.user("moderator")

    response = password_step(client, user, PASSWORD, next="/moderation/queue")

    assert response.status_code == 303 and response.headers["Location"] == VERIFY
    assert not signed_in(client)
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert "Enter your code" in page.get_data(as_text=True)
    # Staff pages too are out of reach until the code.
    assert client.get("/moderation/queue").status_code == 302


def test_the_code_signs_in_and_goes_where_asked(client, factories):
    user = factories.user("moderator")
    password_step(client, user, PASSWORD, next="/moderation/queue")

    response = post_form(client, VERIFY, {"code": next_totp_code(user.email)})

    assert response.status_code == 303 and response.headers["Location"] == "/moderation/queue"
    assert signed_in(client)
    assert client.get("/moderation/queue").status_code == 200


def test_an_unsafe_next_goes_home(client, factories):
    user = factories.user("admin")
    password_step(client, user, PASSWORD, next="//evil.example/")
    response = post_form(client, VERIFY, {"code": next_totp_code(user.email)})
    assert response.headers["Location"] == "/"


def test_a_wrong_code_is_refused_with_a_clear_message(client, factories):
    user = factories.user("official")
    password_step(client, user, PASSWORD)

    response = post_form(client, VERIFY, {"code": "123456"})

    assert response.status_code == 422
    assert WRONG in html.unescape(response.get_data(as_text=True))
    assert not signed_in(client)


def test_a_code_works_once(app, client, factories):
    user = factories.user("official")
    code = next_totp_code(user.email)
    password_step(client, user, PASSWORD)
    assert post_form(client, VERIFY, {"code": code}).status_code == 303

    other = app.test_client()
    password_step(other, user, PASSWORD)
    response = post_form(other, VERIFY, {"code": code})

    assert response.status_code == 422
    assert "That code was used already" in html.unescape(response.get_data(as_text=True))
    assert not signed_in(other)


def test_codes_from_a_step_of_clock_drift_either_way_are_accepted(client, factories):
    totp = pyotp.TOTP(TOTP_SECRET)
    for drift in (-30, 30):
        user = factories.user("moderator")
        password_step(client, user, PASSWORD)
        response = post_form(client, VERIFY, {"code": totp.at(time.time() + drift)})
        assert response.status_code == 303, drift
        post_form(client, "/account/logout", {}, form_url="/")
    user = factories.user("moderator")
    password_step(client, user, PASSWORD)
    assert post_form(client, VERIFY, {"code": totp.at(time.time() - 90)}).status_code == 422


def test_a_recovery_code_signs_in_once_and_is_audited(app, client, factories):
    user = factories.user("moderator", second_factor=False)
    login(client, user)
    _secret, codes = enrol(client)
    post_form(client, "/account/logout", {}, form_url="/")

    password_step(client, user, PASSWORD)
    # Typed with capitals and spaces instead of the hyphen: still the code.
    typed = codes[3].upper().replace("-", " ")
    response = post_form(client, VERIFY, {"code": typed}, follow_redirects=True)

    assert signed_in(client)
    assert "You used a recovery code. You have 9 left." in html.unescape(
        response.get_data(as_text=True)
    )
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "two_factor.recovery_code_used")
    )
    assert entry.actor_id == user.id and entry.target_id == user.id
    assert entry.after == {"recovery_codes_left": 9}

    other = app.test_client()
    password_step(other, user, PASSWORD)
    again = post_form(other, VERIFY, {"code": codes[3]})
    assert again.status_code == 422 and not signed_in(other)
    assert post_form(other, VERIFY, {"code": codes[4]}).status_code == 303


def test_too_many_wrong_codes_ask_for_the_password_again(client, factories):
    user = factories.user("admin")
    password_step(client, user, PASSWORD)
    for _attempt in range(4):
        assert post_form(client, VERIFY, {"code": "000000"}).status_code == 422

    response = post_form(client, VERIFY, {"code": "000000"})

    assert response.status_code == 303 and response.headers["Location"] == "/account/login"
    # The next code is no use without the password.
    response = post_form(client, VERIFY, {"code": next_totp_code(user.email)}, form_url="/")
    assert response.status_code == 303 and response.headers["Location"] == "/account/login"
    assert not signed_in(client)


def test_wrong_codes_are_rate_limited_per_account(app, factories):
    user = factories.user("admin")
    # Many addresses (clients can't change address here, so the per-address limit is lifted).
    app.config["RATELIMIT_TWO_FACTOR"] = "1000 per minute"
    try:
        statuses = []
        for _attempt in range(3):
            client = app.test_client()
            password_step(client, user, PASSWORD)
            for _ in range(4):
                statuses.append(post_form(client, VERIFY, {"code": "000000"}).status_code)
        assert statuses[:10] == [422] * 10
        assert statuses[10:] == [429, 429]
        # Even the right code waits: the account's attempts are used up for the hour.
        client = app.test_client()
        password_step(client, user, PASSWORD)
        assert post_form(client, VERIFY, {"code": next_totp_code(user.email)}).status_code == 429
    finally:
        app.config["RATELIMIT_TWO_FACTOR"] = type(app.config).__dict__.get(
            "RATELIMIT_TWO_FACTOR", "5 per minute;20 per hour"
        )


def test_wrong_codes_are_rate_limited_per_address(app, client, factories):
    statuses = []
    for _person in range(3):
        user = factories.user("official")
        password_step(client, user, PASSWORD)
        for _ in range(2):
            statuses.append(post_form(client, VERIFY, {"code": "000000"}).status_code)
    assert statuses == [422] * 5 + [429]


def test_the_code_step_runs_out(client, factories, monkeypatch):
    user = factories.user("moderator")
    password_step(client, user, PASSWORD)
    later = time.time() + 601
    monkeypatch.setattr("engage.two_factor.routes.time.time", lambda: later)

    response = post_form(client, VERIFY, {"code": next_totp_code(user.email)}, form_url="/")

    assert response.status_code == 303 and response.headers["Location"] == "/account/login"
    assert not signed_in(client)


def test_a_password_change_elsewhere_ends_the_code_step(client, factories):
    user = factories.user("moderator")
    password_step(client, user, PASSWORD)
    user.session_version += 1
    db.session.commit()

    response = post_form(client, VERIFY, {"code": next_totp_code(user.email)}, form_url="/")

    assert response.headers["Location"] == "/account/login"


@pytest.mark.parametrize("remember", [False, True])
def test_keep_me_signed_in_is_kept_through_the_code(client, factories, remember):
    user = factories.user("moderator")
    extra = {"remember": "y"} if remember else {}
    password_step(client, user, PASSWORD, **extra)
    assert client.get_cookie("remember_token") is None
    response = post_form(client, VERIFY, {"code": next_totp_code(user.email)})
    assert ("remember_token=" in response.headers.get("Set-Cookie", "")) == remember
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_last_step is not None
