"""Signing in and out."""

from __future__ import annotations

import html

from engage.accounts.models import User
from engage.extensions import db
from tests.accounts.helpers import input_value, without_tokens
from tests.factories import PASSWORD, csrf_token_from, login, post_form

NO_MATCH = "That email and password don't match an account."


def sign_in(client, email, password, **extra):
    return post_form(client, "/account/login", {"email": email, "password": password, **extra})


def test_right_password_signs_in(client, factories):
    user = factories.user()
    assert client.get("/account/profile").status_code == 302

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    page = client.get("/account/profile")
    assert page.status_code == 200
    assert user.email in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


def test_email_is_matched_without_case_or_spaces(client, factories):
    user = factories.user(email="casey@example.org")
    assert sign_in(client, "  Casey@EXAMPLE.org ", PASSWORD).status_code == 303
    assert client.get("/account/profile").status_code == 200
    assert user.email == "casey@example.org"


def _normalised(page: str, email: str) -> str:
    return without_tokens(page.replace(email, "EMAIL"))


def test_unknown_email_and_wrong_password_get_the_same_answer(app, factories):
    user = factories.user(email="known@example.org")

    wrong_password = sign_in(app.test_client(), user.email, "not the right password")
    unknown_email = sign_in(app.test_client(), "unknown@example.org", PASSWORD)

    assert wrong_password.status_code == unknown_email.status_code == 422
    wrong_page = wrong_password.get_data(as_text=True)
    unknown_page = unknown_email.get_data(as_text=True)
    assert NO_MATCH in html.unescape(wrong_page)
    assert _normalised(wrong_page, "known@example.org") == _normalised(
        unknown_page, "unknown@example.org"
    )
    assert input_value(wrong_page, "email") == "known@example.org"
    assert not input_value(wrong_page, "password")
    assert "not the right password" not in wrong_page


def test_wrong_password_does_not_sign_in(client, factories):
    user = factories.user()
    sign_in(client, user.email, "not the right password")
    assert client.get("/account/profile").status_code == 302


def test_login_follows_a_safe_next(client, factories):
    user = factories.user()
    page = client.get("/account/login?next=/account/password").get_data(as_text=True)
    assert input_value(page, "next", form="/account/login") == "/account/password"

    response = sign_in(client, user.email, PASSWORD, next="/account/password")

    assert response.headers["Location"] == "/account/password"


def test_login_required_pages_send_people_to_sign_in_and_back(client, factories):
    user = factories.user()
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Please sign in to continue." in page
    token = csrf_token_from(page)
    response = client.post(
        "/account/login",
        data={
            "csrf_token": token,
            "email": user.email,
            "password": PASSWORD,
            "next": input_value(page, "next", form="/account/login"),
        },
    )
    assert response.headers["Location"] == "/account/password"


def _set_cookie(response, name: str) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    return None


def test_remember_me_sets_a_lasting_cookie_that_signs_in_again(app, client, factories):
    user = factories.user()

    response = sign_in(client, user.email, PASSWORD, remember="y")

    cookie = _set_cookie(response, "remember_token")
    assert cookie is not None
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie
    # A new browser session with only the remember cookie is still signed in.
    fresh = app.test_client()
    fresh.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert fresh.get("/account/profile").status_code == 200


def test_without_remember_me_there_is_no_remember_cookie(client, factories):
    response = sign_in(client, factories.user().email, PASSWORD)
    assert _set_cookie(response, "remember_token") is None


def test_logout_needs_a_post_with_a_csrf_token(client, factories):
    login(client, factories.user())

    assert client.get("/account/logout").status_code == 405
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/profile").status_code == 200

    response = post_form(client, "/account/logout", {}, form_url="/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "You are signed out." in client.get("/").get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


def test_logout_also_forgets_the_remember_cookie(client, factories):
    sign_in(client, factories.user().email, PASSWORD, remember="y")
    post_form(client, "/account/logout", {}, form_url="/")
    assert client.get_cookie("remember_token") is None
    assert client.get("/account/profile").status_code == 302


def test_signed_in_people_skip_the_login_page(client, factories):
    login(client, factories.user())
    response = client.get("/account/login?next=/account/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/profile"


def test_a_name_ending_in_a_full_stop_ends_a_sentence_once(app, client, factories):
    """Issue 22, defect 9: "Lena W." signing in read "You are signed in as Lena W..", and
    the same in every sentence that ends with a public name."""
    lena = factories.user(name="Lena W.")
    page = html.unescape(client.get(sign_in(client, lena.email, PASSWORD).location).text)
    assert "You are signed in as Lena W." in page and "Lena W.." not in page

    proposal = factories.proposal(author=lena, title="Benches by the bus stops")
    factories.proposal_version(proposal, number=1)
    version = html.unescape(client.get(f"/proposals/{proposal.id}/versions/1").text)
    assert "by Lena W." in version and "Lena W.." not in version

    reporter = app.test_client()
    login(reporter, factories.user())
    report = html.unescape(reporter.get(f"/moderation/report/user/{lena.id}").text)
    assert "You are reporting Lena W." in report and "Lena W.." not in report
