"""Registration and email verification."""

from __future__ import annotations

import html

import pytest

from engage.accounts.models import User, find_user_by_email
from engage.extensions import db
from tests.accounts.helpers import input_value, link_in
from tests.factories import login, post_form

GOOD_PASSWORD = "a quiet walk by the river"


def register(client, email="new.person@example.org", name="New Person", password=GOOD_PASSWORD):
    return post_form(
        client,
        "/account/register",
        {"email": email, "display_name": name, "password": password},
    )


def test_register_creates_an_unverified_resident_and_sends_the_link(client, outbox):
    response = register(client, email="  New.Person@Example.ORG ")

    assert response.status_code == 303
    assert response.headers["Location"].startswith("/account/check-email?email=")
    user = find_user_by_email("new.person@example.org")
    assert user is not None
    assert user.email == "new.person@example.org"
    assert user.display_name == "New Person"
    assert user.role_names == {"resident"}
    assert user.email_verified_at is None
    assert GOOD_PASSWORD not in user.password_hash
    [message] = outbox.messages
    assert message["To"] == "new.person@example.org"
    assert message["Subject"] == "Confirm your email address"
    assert link_in(message, "/account/verify/")


def test_check_email_page_names_the_address(client):
    response = register(client)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "new.person@example.org" in page
    assert "spam" in page


@pytest.mark.parametrize(
    ("email", "name", "password", "message"),
    [
        ("not-an-email", "New Person", GOOD_PASSWORD, "Enter an email address like"),
        ("new@example.org", "New Person", "Xq7-z", "Use at least 10 characters"),
        ("new@example.org", "New Person", "password123", "too common"),
        ("marguerite@example.org", "New Person", "Marguerite-likes-tea", "email address or name"),
        ("new@example.org", "N", GOOD_PASSWORD, "Use between 2 and 60 characters"),
        ("new@example.org", "   ", GOOD_PASSWORD, "Use between 2 and 60 characters"),
    ],
    ids=[
        "invalid-email",
        "short-password",
        "common-password",
        "email-in-password",
        "short-name",
        "blank-name",
    ],
)
def test_invalid_registration_keeps_what_was_typed_except_the_password(
    client, outbox, email, name, password, message
):
    response = register(client, email=email, name=name, password=password)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in html.unescape(page)
    assert "There is a problem" in page
    assert input_value(page, "email") == email
    if name.strip():
        assert input_value(page, "display_name") == name
    assert not input_value(page, "password")
    assert password not in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert outbox.messages == []


def test_errors_are_tied_to_their_fields(client):
    page = register(client, password="short").get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert 'id="password-error"' in page
    assert 'href="#password"' in page


def test_registering_a_known_email_looks_the_same_but_tells_the_owner(app, outbox):
    first = register(app.test_client(), email="taken@example.org", name="First Owner")
    second = register(
        app.test_client(),
        email="taken@example.org",
        name="Someone Else",
        password="another long passphrase",
    )

    assert second.status_code == first.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert second.get_data() == first.get_data()
    users = db.session.scalars(db.select(User)).all()
    assert [u.display_name for u in users] == ["First Owner"]
    verify, warning = outbox.messages
    assert verify["Subject"] == "Confirm your email address"
    assert warning["To"] == "taken@example.org"
    assert warning["Subject"] == "Someone tried to register with your email"
    assert link_in(warning, "/account/forgot-password")


def test_known_email_check_ignores_case(client, factories, outbox):
    factories.user(email="owner@example.org")
    assert register(client, email="Owner@Example.org").status_code == 303
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert outbox.last_to("owner@example.org")["Subject"].startswith("Someone tried")


def test_signed_in_people_are_sent_home_from_register(client, factories):
    login(client, factories.user())
    response = client.get("/account/register")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_verification_link_confirms_the_address(client, outbox):
    register(client)
    link = link_in(outbox.messages[0], "/account/verify/")

    response = client.get(link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/login"
    db.session.expire_all()
    assert find_user_by_email("new.person@example.org").email_verified_at is not None
    page = client.get("/account/login").get_data(as_text=True)
    assert "new.person@example.org is confirmed" in page


def test_verification_link_when_signed_in_goes_home(client, factories, outbox):
    user = factories.user(verified=False)
    login(client, user)
    assert "Please confirm your email address" in client.get("/").get_data(as_text=True)
    post_form(client, "/account/verify/resend", {}, form_url="/account/profile")
    link = link_in(outbox.last_to(user.email), "/account/verify/")

    response = client.get(link)

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "Please confirm your email address" not in client.get("/").get_data(as_text=True)


def test_resend_is_only_for_unconfirmed_addresses(client, factories, outbox):
    user = factories.user(verified=True)
    login(client, user)
    response = post_form(client, "/account/verify/resend", {}, form_url="/account/profile")
    assert response.status_code == 303
    assert outbox.messages == []


def test_tampered_verification_link_explains_what_to_do(client, outbox):
    register(client)
    link = link_in(outbox.messages[0], "/account/verify/")
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")

    response = client.get(tampered)

    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "This link is not valid. Check you copied all of it." in page
    assert "Go to your account to get a new link" in page
    db.session.expire_all()
    assert find_user_by_email("new.person@example.org").email_verified_at is None


def test_expired_verification_link_says_it_expired(app, client, outbox, monkeypatch):
    register(client)
    link = link_in(outbox.messages[0], "/account/verify/")
    monkeypatch.setitem(app.config, "EMAIL_VERIFY_MAX_AGE", -1)

    response = client.get(link)

    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert find_user_by_email("new.person@example.org").email_verified_at is None


def test_verification_link_stops_working_if_the_email_changes(client, outbox):
    register(client)
    link = link_in(outbox.messages[0], "/account/verify/")
    user = find_user_by_email("new.person@example.org")
    user.email = "changed@example.org"
    db.session.commit()

    assert client.get(link).status_code == 400


def test_reset_link_is_not_a_verification_link(client, factories, outbox):
    user = factories.user(verified=False)
    post_form(client, "/account/forgot-password", {"email": user.email})
    token = link_in(outbox.last_to(user.email), "/account/reset/").rsplit("/", 1)[1]

    assert client.get(f"/account/verify/{token}").status_code == 400
