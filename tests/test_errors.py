"""Error pages: what happened and what to do next, as a page or as an htmx fragment."""

from __future__ import annotations

import html
import logging
import re

import pytest
from flask import abort

from config import TestingConfig
from engage.accounts.models import User, UserRole
from engage.extensions import db
from tests.apps import separate_app
from tests.factories import csrf_token_from, login
from tests.test_security import check_page

HTMX = {"HX-Request": "true"}


def assert_full_page(page: str, title: str) -> None:
    page = html.unescape(page)
    assert page.startswith("<!doctype html>")
    assert f"<title>{title} – Engage</title>" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert len(re.findall(r"<h1\b", page)) == 1
    assert '<a href="/">Go to the home page</a>' in page


def assert_fragment(page: str, title: str) -> None:
    page = html.unescape(page)
    assert page.lstrip().startswith('<section class="error-page')
    assert "<html" not in page and "site-header" not in page
    assert f'<h1 id="error-heading">{title}</h1>' in page
    assert "data-focus-after-swap" in page


def test_404_page_helps_and_keeps_the_site_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = check_page(response)
    assert_full_page(page, "Page not found")
    assert "check it is right" in page


def test_403_for_a_resident_on_admin_pages(client, factories):
    login(client, factories.user())
    response = client.get("/admin/users")
    assert response.status_code == 403
    page = check_page(response)
    assert_full_page(page, "You can't do that")
    assert "Your account doesn't have permission" in page
    assert "contact the site's administrators" in page


def test_405_on_get_to_a_post_only_route(client):
    response = client.get("/account/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    page = check_page(response)
    assert_full_page(page, "That doesn't work here")
    assert "use the buttons on the page" in page
    assert "can't be used that way" in page


def test_400_for_a_missing_csrf_token_is_a_full_page(client):
    response = client.post("/account/logout")
    assert response.status_code == 400
    assert_full_page(response.get_data(as_text=True), "Something was wrong with that request")


@pytest.mark.parametrize(
    ("method", "url", "status", "title"),
    [
        ("get", "/no/such/page", 404, "Page not found"),
        ("get", "/account/logout", 405, "That doesn't work here"),
        ("post", "/language", 400, "Something was wrong with that request"),
    ],
)
def test_htmx_requests_get_the_small_fragment(client, method, url, status, title):
    response = getattr(client, method)(url, headers=HTMX)
    assert response.status_code == status
    assert_fragment(response.get_data(as_text=True), title)
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_403_is_a_fragment_too(client, factories):
    login(client, factories.user())
    response = client.get("/admin/users", headers=HTMX)
    assert response.status_code == 403
    assert_fragment(response.get_data(as_text=True), "You can't do that")


def test_boosted_navigation_gets_the_whole_page(client):
    response = client.get("/no/such/page", headers={**HTMX, "HX-Boosted": "true"})
    assert response.status_code == 404
    assert_full_page(response.get_data(as_text=True), "Page not found")


def test_429_fragment_for_htmx(client, factories):
    user = factories.user()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    attempt = {"csrf_token": token, "email": user.email, "password": "wrong password!"}
    for _ in range(5):
        assert client.post("/account/login", data=attempt, headers=HTMX).status_code == 422
    response = client.post("/account/login", data=attempt, headers=HTMX)
    assert response.status_code == 429
    assert_fragment(response.get_data(as_text=True), "Too many attempts")


@pytest.fixture
def fragile_app(tmp_path):
    """A fresh app (routes can't be added to the shared one) with routes that fail."""
    with separate_app(TestingConfig, tmp_path, HANDLE_UNEXPECTED_ERRORS=True) as fragile:

        @fragile.get("/boom")
        def boom():
            raise RuntimeError("the database caught fire")

        @fragile.post("/write-then-boom")
        def write_then_boom():
            db.session.add(_user("lost@example.org"))
            db.session.flush()
            raise RuntimeError("after a write")

        @fragile.get("/write-then-refuse")
        def write_then_refuse():
            db.session.add(_user("refused@example.org"))
            db.session.flush()
            abort(403)

        @fragile.get("/forbidden")
        def forbidden():
            abort(403)

        fragile.config["WTF_CSRF_ENABLED"] = False
        with fragile.app_context():
            db.create_all()
        yield fragile


def _user(email: str) -> User:
    return User(email=email, display_name="X", password_hash="x", roles=[UserRole(role="resident")])


def test_500_page_apologises_and_logs(fragile_app, caplog):
    caplog.set_level(logging.ERROR, logger="engage.errors")

    response = fragile_app.test_client().get("/boom")

    assert response.status_code == 500
    page = check_page(response)
    assert_full_page(page, "Sorry, something went wrong on our side")
    assert "Nothing you did caused it." in page
    assert "the database caught fire" not in page
    [record] = [r for r in caplog.records if r.name == "engage.errors"]
    assert "unhandled error on GET /boom" in record.getMessage()
    assert isinstance(record.exc_info[1], RuntimeError)


def test_500_fragment_for_htmx(fragile_app):
    response = fragile_app.test_client().get("/boom", headers=HTMX)
    assert response.status_code == 500
    assert_fragment(response.get_data(as_text=True), "Sorry, something went wrong on our side")


def test_failed_requests_write_nothing(fragile_app):
    client = fragile_app.test_client()
    assert client.post("/write-then-boom").status_code == 500
    assert client.get("/write-then-refuse").status_code == 403
    with fragile_app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_403_for_visitors_offers_to_sign_in(fragile_app):
    response = fragile_app.test_client().get("/forbidden")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "You may need to sign in first." in page
    assert 'href="/account/login?next=/forbidden"' in page
