"""Wrong passwords counted per account, from any address, and the emailed unlock link."""

from __future__ import annotations

import html
import itertools
from datetime import timedelta

import pytest

from engage.accounts.lockout import SignInLock, email_key
from engage.database import utcnow
from engage.extensions import db
from tests.accounts.helpers import link_in, text_of, without_tokens
from tests.accounts.test_security_events import kinds_of
from tests.factories import PASSWORD, post_form

LOCKED = "Sign-in to this account is locked for"
EMAILED = "we have sent you an email with a link that unlocks it straight away"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture(autouse=True)
def _three_failures_lock(app, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_LOCKOUT_FAILURES", 3)


def attempt(app, email: str, password: str):
    """A sign-in from a new address each time: the per-address limit never applies."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = next(_addresses)
    return client, post_form(client, "/account/login", {"email": email, "password": password})


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_wrong_passwords_from_many_addresses_lock_the_account(app, factories, outbox):
    user = factories.user()
    for _ in range(2):
        _, response = attempt(app, user.email, "wrong password one")
        assert response.status_code == 422
        assert LOCKED not in page_of(response)

    _, third = attempt(app, user.email, "wrong password two")
    assert LOCKED in page_of(third)

    client, right = attempt(app, user.email, PASSWORD)
    assert right.status_code == 422
    assert LOCKED in page_of(right)
    assert EMAILED in page_of(right)
    assert client.get("/account/profile").status_code == 302
    message = outbox.last_to(user.email)
    assert message["Subject"] == "Sign-in to your account is locked"
    assert "/account/unlock/" in text_of(message)
    assert kinds_of(user) == [
        "sign_in_failed",
        "sign_in_failed",
        "sign_in_failed",
        "locked",
        "sign_in_refused_locked",
    ]


def test_the_emailed_link_lifts_the_lock_at_once(app, factories, outbox):
    user = factories.user()
    for _ in range(3):
        attempt(app, user.email, "wrong password one")
    link = link_in(outbox.last_to(user.email), "/account/unlock/")
    client = app.test_client()

    response = client.get(link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/login"
    assert "is unlocked" in page_of(client.get("/account/login"))
    client, right = attempt(app, user.email, PASSWORD)
    assert right.status_code == 303
    assert kinds_of(user)[-2:] == ["unlocked", "signed_in"]
    # Used once: the link now only says there is no lock.
    again = app.test_client()
    assert again.get(link).status_code == 303
    assert "is not locked" in page_of(again.get("/account/login"))


def test_the_lock_ends_by_itself(app, factories):
    user = factories.user()
    for _ in range(3):
        attempt(app, user.email, "wrong password one")
    row = db.session.get(SignInLock, email_key(user.email))
    row.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()

    _, response = attempt(app, user.email, PASSWORD)

    assert response.status_code == 303


def test_a_lock_email_is_sent_once_per_lock(app, factories, outbox):
    user = factories.user()
    for _ in range(6):
        attempt(app, user.email, "wrong password one")
    assert len([m for m in outbox.messages if m["To"] == user.email]) == 1


def test_failures_long_ago_do_not_add_up(app, factories):
    user = factories.user()
    for _ in range(2):
        attempt(app, user.email, "wrong password one")
    row = db.session.get(SignInLock, email_key(user.email))
    row.window_started_at = utcnow() - timedelta(hours=2)
    db.session.commit()

    _, response = attempt(app, user.email, "wrong password one")

    assert LOCKED not in page_of(response)


def test_the_right_password_clears_the_count(app, factories):
    user = factories.user()
    for _ in range(2):
        attempt(app, user.email, "wrong password one")
    attempt(app, user.email, PASSWORD)
    _, response = attempt(app, user.email, "wrong password one")
    assert LOCKED not in page_of(response)


def test_unknown_addresses_lock_the_same_way_so_nothing_is_revealed(app, factories, outbox):
    user = factories.user(email="known@example.org")
    for _ in range(3):
        _, known = attempt(app, user.email, "wrong password one")
        _, unknown = attempt(app, "unknown@example.org", "wrong password one")

    assert known.status_code == unknown.status_code == 422
    assert LOCKED in page_of(unknown)
    assert without_tokens(page_of(known).replace("known@", "X@")) == without_tokens(
        page_of(unknown).replace("unknown@", "X@")
    )
    assert [m["To"] for m in outbox.messages] == [user.email]


def test_the_count_keeps_no_email_address(app, factories):
    user = factories.user()
    attempt(app, user.email, "wrong password one")
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM sign_in_locks").all()
    assert len(rows) == 1
    assert user.email not in repr(rows)
    assert user.email.split("@")[0] not in repr(rows)


def test_a_password_reset_lifts_the_lock(app, factories, outbox):
    user = factories.user()
    for _ in range(3):
        attempt(app, user.email, "wrong password one")
    post_form(app.test_client(), "/account/forgot-password", {"email": user.email})
    reset = link_in(outbox.last_to(user.email), "/account/reset/")
    client = app.test_client()
    response = post_form(client, reset, {"password": "a brand new passphrase"})
    assert response.status_code == 303

    _, response = attempt(app, user.email, "a brand new passphrase")

    assert response.status_code == 303


def test_a_bad_or_expired_unlock_link_says_so(app, client, factories, outbox, monkeypatch):
    user = factories.user()
    for _ in range(3):
        attempt(app, user.email, "wrong password one")
    link = link_in(outbox.last_to(user.email), "/account/unlock/")

    assert client.get(link[:-3] + "abc").status_code == 400
    monkeypatch.setitem(app.config, "ACCOUNT_UNLOCK_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400
    assert "This unlock link has expired." in page_of(response)
