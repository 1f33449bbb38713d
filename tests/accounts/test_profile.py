"""The account page: public name, language, password change; the language switcher."""

from __future__ import annotations

import html

import pytest

from engage.accounts.models import User
from engage.extensions import db
from tests.accounts.helpers import input_value
from tests.factories import PASSWORD, login, post_form

NEW_PASSWORD = "a brand new passphrase"


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def change_password(client, current, new):
    return post_form(client, "/account/password", {"current_password": current, "password": new})


def test_change_password_keeps_this_session_and_ends_others(app, factories):
    user = factories.user()
    here = app.test_client()
    elsewhere = app.test_client()
    login(here, user)
    login(elsewhere, user)

    response = change_password(here, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/profile"
    assert "Your password is changed." in here.get("/account/profile").get_data(as_text=True)
    assert elsewhere.get("/account/profile").status_code == 302
    fresh = app.test_client()
    assert (
        post_form(fresh, "/account/login", {"email": user.email, "password": PASSWORD}).status_code
        == 422
    )
    login(fresh, user, NEW_PASSWORD)


def test_wrong_current_password_is_refused(client, factories):
    user = factories.user()
    login(client, user)
    hash_before = user.password_hash

    response = change_password(client, "not my password", NEW_PASSWORD)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Your current password is not right." in page
    assert 'id="current_password-error"' in page
    assert NEW_PASSWORD not in page
    assert reload(user).password_hash == hash_before


def test_weak_new_password_is_refused(client, factories):
    user = factories.user(email="someone@example.org")
    login(client, user)
    response = change_password(client, PASSWORD, "someone-else-1")
    assert response.status_code == 422
    assert "email address or name" in html.unescape(response.get_data(as_text=True))
    assert reload(user).session_version == 1


def test_profile_update_saves_name_and_language(client, factories):
    user = factories.user(name="Old Name")
    login(client, user)
    page = client.get("/account/profile").get_data(as_text=True)
    assert input_value(page, "display_name") == "Old Name"

    response = post_form(
        client, "/account/profile", {"display_name": "  New Name ", "locale": "es"}
    )

    assert response.status_code == 303
    user = reload(user)
    assert user.display_name == "New Name"
    assert user.locale == "es"
    assert '<html lang="es" dir="ltr">' in client.get("/account/profile").get_data(as_text=True)


def test_arabic_pages_are_right_to_left(client, factories):
    login(client, factories.user())
    post_form(client, "/account/profile", {"display_name": "Name", "locale": "ar"})
    assert '<html lang="ar" dir="rtl">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "X", "locale": "en"}, "Use between 2 and 60 characters"),
        ({"display_name": "Fine Name", "locale": "xx"}, "Not a valid choice"),
    ],
)
def test_invalid_profile_is_shown_again(client, factories, data, message):
    user = factories.user(name="Kept Name")
    login(client, user)

    response = post_form(client, "/account/profile", data)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert input_value(page, "display_name") == data["display_name"]
    assert reload(user).display_name == "Kept Name"


def switch_language(client, lang, next_url="/"):
    return post_form(client, "/language", {"lang": lang, "next": next_url}, form_url="/")


def test_language_switch_sets_a_cookie_for_visitors(client):
    response = switch_language(client, "es", "/account/login")

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/login"
    cookie = client.get_cookie("lang")
    assert cookie.value == "es"
    assert cookie.http_only
    assert '<html lang="es"' in client.get("/account/login").get_data(as_text=True)


def test_language_switch_is_saved_on_the_account(app, client, factories):
    user = factories.user()
    login(client, user)

    switch_language(client, "ar", "/account/profile")

    assert reload(user).locale == "ar"
    # The saved choice follows the person to a new browser.
    other = app.test_client()
    login(other, user)
    assert '<html lang="ar" dir="rtl">' in other.get("/").get_data(as_text=True)


def test_unknown_language_changes_nothing(client, factories):
    user = factories.user()
    login(client, user)
    response = switch_language(client, "xx", "/account/profile")
    assert response.status_code == 303
    assert client.get_cookie("lang") is None
    assert reload(user).locale == "en"


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_language_switch_only_returns_to_this_site(client, next_url):
    response = switch_language(client, "es", next_url)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_browser_language_is_used_until_someone_chooses(client):
    page = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    assert '<html lang="es"' in page.get_data(as_text=True)
    switch_language(client, "en")
    page = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert '<html lang="en"' in page.get_data(as_text=True)
