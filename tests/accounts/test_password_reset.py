"""Forgotten passwords: asking for a link, using it once, and what it changes."""

from __future__ import annotations

import html

from engage.accounts.models import User
from engage.extensions import db
from tests.accounts.helpers import link_in, text_of, without_tokens
from tests.factories import PASSWORD, csrf_token_from, login, post_form

NEW_PASSWORD = "a brand new passphrase"


def ask_for_reset(client, email):
    return post_form(client, "/account/forgot-password", {"email": email})


def reset_link(client, outbox, user) -> str:
    ask_for_reset(client, user.email)
    return link_in(outbox.last_to(user.email), "/account/reset/")


def choose_password(client, link, password=NEW_PASSWORD):
    return post_form(client, link, {"password": password})


def sign_in(client, email, password):
    return post_form(client, "/account/login", {"email": email, "password": password})


def test_known_address_gets_a_reset_email(client, factories, outbox):
    user = factories.user(email="forgetful@example.org")

    response = ask_for_reset(client, "Forgetful@example.org")

    assert response.status_code == 303
    message = outbox.last_to("forgetful@example.org")
    assert message["Subject"] == "Reset your password"
    assert "works once, for one hour" in text_of(message)
    assert link_in(message, "/account/reset/")
    assert user.display_name in text_of(message)


def test_unknown_address_gets_the_same_answer_and_no_email(app, factories, outbox):
    factories.user(email="known@example.org")

    known = ask_for_reset(app.test_client(), "known@example.org")
    unknown = ask_for_reset(app.test_client(), "unknown@example.org")

    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"].replace("known", "X") == unknown.headers["Location"].replace(
        "unknown", "X"
    )
    known_page = app.test_client().get(known.headers["Location"]).get_data(as_text=True)
    unknown_page = app.test_client().get(unknown.headers["Location"]).get_data(as_text=True)
    assert "If an account uses" in known_page
    assert without_tokens(known_page.replace("known@", "X@")) == without_tokens(
        unknown_page.replace("unknown@", "X@")
    )
    assert [m["To"] for m in outbox.messages] == ["known@example.org"]


def test_invalid_email_is_shown_again(client, outbox):
    response = ask_for_reset(client, "not-an-email")
    assert response.status_code == 422
    assert 'value="not-an-email"' in response.get_data(as_text=True)
    assert outbox.messages == []


def test_reset_link_changes_the_password_once(client, factories, outbox):
    user = factories.user()
    link = reset_link(client, outbox, user)
    assert client.get(link).status_code == 200

    response = choose_password(client, link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/login"
    assert sign_in(client, user.email, PASSWORD).status_code == 422
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 303

    second_use = client.get(link)
    assert second_use.status_code == 400
    page = html.unescape(second_use.get_data(as_text=True))
    assert "not valid or has already been used" in page
    assert "Ask for a new reset link" in page


def choose_password_without_form(client, link, password):
    """POST straight to a link whose page no longer shows a form."""
    token_page = client.get("/account/forgot-password").get_data(as_text=True)
    return client.post(link, data={"csrf_token": csrf_token_from(token_page), "password": password})


def test_used_link_cannot_set_a_password_by_post_either(client, factories, outbox):
    user = factories.user()
    link = reset_link(client, outbox, user)
    choose_password(client, link)

    response = choose_password_without_form(client, link, "yet another passphrase")

    assert response.status_code == 400
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 303


def test_an_older_link_stops_working_after_a_newer_one_is_used(client, factories, outbox):
    user = factories.user()
    first = reset_link(client, outbox, user)
    second = reset_link(client, outbox, user)
    assert choose_password(client, second).status_code == 303
    assert client.get(first).status_code == 400


def test_expired_reset_link_says_so(app, client, factories, outbox, monkeypatch):
    user = factories.user()
    link = reset_link(client, outbox, user)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)

    response = client.get(link)

    assert response.status_code == 400
    assert "This reset link has expired. Ask for a new one." in response.get_data(as_text=True)
    response = choose_password_without_form(client, link, NEW_PASSWORD)
    assert response.status_code == 400
    monkeypatch.undo()
    assert sign_in(client, user.email, PASSWORD).status_code == 303


def test_weak_new_password_is_refused_and_the_link_still_works(client, factories, outbox):
    user = factories.user()
    link = reset_link(client, outbox, user)

    response = choose_password(client, link, "password123")

    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)
    assert client.get(link).status_code == 200
    assert sign_in(client, user.email, PASSWORD).status_code == 303


def test_email_local_part_is_refused_as_a_new_password(client, factories, outbox):
    user = factories.user(email="bartholomew@example.org")
    link = reset_link(client, outbox, user)
    response = choose_password(client, link, "bartholomew-2024!")
    assert response.status_code == 422
    assert "email address or name" in html.unescape(response.get_data(as_text=True))


def test_reset_signs_out_every_other_session(app, factories, outbox):
    user = factories.user()
    laptop = app.test_client()
    phone = app.test_client()
    login(laptop, user)
    post_form(phone, "/account/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = phone.get_cookie("remember_token").value
    assert laptop.get("/account/profile").status_code == 200

    attacker_notice = app.test_client()
    link = reset_link(attacker_notice, outbox, user)
    assert choose_password(attacker_notice, link).status_code == 303

    assert laptop.get("/account/profile").status_code == 302
    assert phone.get("/account/profile").status_code == 302
    only_cookie = app.test_client()
    only_cookie.set_cookie("remember_token", remembered)
    assert only_cookie.get("/account/profile").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == 2


def test_reset_confirms_an_unverified_address(client, factories, outbox):
    user = factories.user(verified=False)
    link = reset_link(client, outbox, user)
    choose_password(client, link)
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None
