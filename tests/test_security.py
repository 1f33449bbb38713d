"""Headers, cookies, CSRF, rate limits, redirects and the no-inline-code rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config import DevelopmentConfig, ProductionConfig
from engage.accounts.models import User
from engage.accounts.passwords import hash_password, verify_password
from engage.extensions import db
from engage.security import safe_next_url
from tests.accounts.helpers import input_value
from tests.apps import PRODUCTION_SECRET_KEY, separate_app
from tests.factories import PASSWORD, csrf_token_from, login, post_form

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
# Attributes are looked for inside tags only, so text such as "only =" is not a handler.
INLINE_STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\s(?:on[a-z]+\s*=|(?:data-)?hx-on[:\-])", re.I)
JINJA_CODE = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def assert_no_inline_code(page: str, where: str = "page") -> None:
    """What a strict CSP would block: inline scripts, styles, handlers, javascript: URLs."""
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("inline style", INLINE_STYLE),
        ("event handler attribute", EVENT_HANDLER),
        ("javascript: URL", JS_URL),
    ]:
        found = pattern.search(page)
        assert not found, f"{name} in {where}: {found.group(0)!r}"


def assert_security_headers(response) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives.get("default-src") == "'self'", csp
    assert directives.get("script-src") == "'self'", csp
    assert directives.get("style-src") == "'self'", csp
    assert directives.get("object-src") == "'none'", csp
    assert directives.get("frame-ancestors") == "'none'", csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert headers.get("X-Frame-Options") == "DENY"
    assert "HX-Request" in headers.get("Vary", "")


def check_page(response) -> str:
    """Every HTML page: security headers and no inline code. Returns the HTML."""
    assert_security_headers(response)
    page = response.get_data(as_text=True)
    if response.mimetype == "text/html":
        assert_no_inline_code(page, response.request.path)
    return page


# Headers and inline code -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/account/login",
        "/account/register",
        "/account/forgot-password",
        "/account/check-email",
        "/no-such-page",
        "/account/verify/bad-token",
        "/healthz",
    ],
)
def test_anonymous_responses_carry_security_headers(client, url):
    check_page(client.get(url))


@pytest.mark.parametrize(
    "url", ["/", "/account/profile", "/account/password", "/admin/users", "/admin/audit"]
)
def test_admin_pages_carry_security_headers(client, factories, url):
    login(client, factories.user("admin"))
    response = client.get(url)
    assert response.status_code == 200
    check_page(response)


def test_error_responses_and_redirects_carry_security_headers(client):
    assert_security_headers(client.post("/language"))  # 400, CSRF
    assert_security_headers(client.get("/account/logout"))  # 405
    assert_security_headers(client.get("/account/profile"))  # 302


def test_no_strict_transport_security_without_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_templates_have_no_inline_scripts_styles_or_handlers():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 10
    for path in templates:
        source = JINJA_CODE.sub("", path.read_text(encoding="utf-8"))
        assert_no_inline_code(source, str(path.relative_to(TEMPLATES)))


def test_the_inline_code_check_catches_what_it_should():
    for bad in [
        "<script>alert(1)</script>",
        '<p style="color:red">',
        "<style>p{}</style>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">',
        '<button hx-on:click="x()">',
        '<a\n  class="x" onclick="y()">',
        '<div class="a" style="color: red">',
    ]:
        with pytest.raises(AssertionError):
            assert_no_inline_code(bad)
    assert_no_inline_code('<script src="/static/js/app.js" defer></script><p class="x">')
    assert_no_inline_code("<p>Results only = what matched; the style = plain</p>")


# Cookies ---------------------------------------------------------------------------------


def _set_cookie(response, name: str) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    raise AssertionError(f"no {name} cookie set: {response.headers.getlist('Set-Cookie')}")


def test_session_cookie_is_httponly_and_samesite_lax(client, factories):
    user = factories.user()
    page = client.get("/account/login")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/account/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD, "remember": "y"},
    )
    for name in ("session", "remember_token"):
        cookie = _set_cookie(response, name)
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


def test_production_sends_cookies_only_over_https(tmp_path):
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
    with separate_app(
        ProductionConfig, tmp_path, SECRET_KEY=PRODUCTION_SECRET_KEY, BASE_URL="http://localhost"
    ) as prod:
        response = prod.test_client().get("/account/login")
    assert response.status_code == 200
    cookie = _set_cookie(response, "session")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# Passwords -------------------------------------------------------------------------------


def test_passwords_are_hashed_with_scrypt_outside_tests(app, monkeypatch):
    assert DevelopmentConfig.PASSWORD_HASH_METHOD == "scrypt"
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", DevelopmentConfig.PASSWORD_HASH_METHOD)
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("scrypt:")
    assert verify_password(hashed, PASSWORD)
    assert not verify_password(hashed, PASSWORD + "!")


def test_registered_password_is_stored_hashed(client):
    post_form(
        client,
        "/account/register",
        {"email": "h@example.org", "display_name": "Hash", "password": "long enough passphrase"},
    )
    stored = db.session.scalar(db.select(User.password_hash))
    assert stored.startswith("pbkdf2:sha256:")  # the cheap test setting
    assert "long enough passphrase" not in stored


# CSRF ------------------------------------------------------------------------------------


def test_post_without_csrf_token_gets_the_helpful_400_page(client):
    response = client.post("/language", data={"lang": "es", "next": "/"})
    assert response.status_code == 400
    page = check_page(response)
    assert "Something was wrong with that request" in page
    assert "your session may have expired" in page
    assert client.get_cookie("lang") is None


def test_invalid_token_on_register_keeps_the_typed_text(client, outbox):
    client.get("/account/register")
    data = {
        "email": "kept@example.org",
        "display_name": "Typed Name",
        "password": "secret typed passphrase",
    }

    response = client.post("/account/register", data={"csrf_token": "not-a-token", **data})

    assert response.status_code == 400
    page = check_page(response)
    assert "Your session expired" in page
    assert input_value(page, "email") == "kept@example.org"
    assert input_value(page, "display_name") == "Typed Name"
    assert "secret typed passphrase" not in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert outbox.messages == []
    # The page carries a fresh token: sending it again works.
    again = client.post("/account/register", data={"csrf_token": csrf_token_from(page), **data})
    assert again.status_code == 303
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_token_from_another_session_is_refused(app, client):
    other = app.test_client()
    token = csrf_token_from(other.get("/account/register").get_data(as_text=True))
    response = client.post(
        "/account/register",
        data={
            "csrf_token": token,
            "email": "x@example.org",
            "display_name": "Xavier",
            "password": "long enough passphrase",
        },
    )
    assert response.status_code == 400
    assert "Your session expired" in response.get_data(as_text=True)


def test_invalid_token_on_an_admin_form_shows_nothing_to_non_admins(client, factories):
    """The retry after a CSRF failure must not skip the admin check."""
    target = factories.user(email="private.person@example.org")
    login(client, factories.user())

    response = client.post(f"/admin/users/{target.id}", data={"csrf_token": "bad", "reason": "x"})

    assert response.status_code in (400, 403)
    assert "private.person@example.org" not in response.get_data(as_text=True)


def _header_token(client) -> str:
    """The token a signed-in person's pages give htmx (static/js/app.js sends it)."""
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'<header class="site-header" data-csrf-token="([^"]+)"', page)
    assert match, "no CSRF token for htmx in the page header"
    return match.group(1)


def test_htmx_post_with_csrf_header_is_accepted(client, factories):
    login(client, factories.user())
    token = _header_token(client)

    response = client.post("/account/logout", headers={"X-CSRFToken": token, "HX-Request": "true"})

    assert response.status_code == 303
    assert client.get("/account/profile").status_code == 302


def test_htmx_post_with_wrong_csrf_header_is_refused(client, factories):
    login(client, factories.user())
    _header_token(client)

    response = client.post(
        "/account/logout", headers={"X-CSRFToken": "wrong", "HX-Request": "true"}
    )

    assert response.status_code == 400
    assert client.get("/account/profile").status_code == 200


def test_language_switch_by_header_token(client):
    # Not signed in, pages carry no token (they are shared by caches); a form's is the same.
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post("/language", data={"lang": "es"}, headers={"X-CSRFToken": token})
    assert response.status_code == 303
    assert client.get_cookie("lang").value == "es"


# Rate limits -----------------------------------------------------------------------------


def _failed_login(client, email):
    return post_form(client, "/account/login", {"email": email, "password": "wrong password!"})


def test_sixth_rapid_failed_login_is_refused_with_a_friendly_page(client, factories):
    user = factories.user()
    for _ in range(5):
        assert _failed_login(client, user.email).status_code == 422

    response = _failed_login(client, user.email)

    assert response.status_code == 429
    page = check_page(response)
    assert "Too many attempts" in page
    assert "wait a few minutes" in page
    assert int(response.headers["Retry-After"]) > 0
    # Even the right password is refused until the window passes.
    response = post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_the_limit_is_per_address_not_per_account(app, factories):
    first, second = factories.user(), factories.user()
    for n in range(5):
        _failed_login(app.test_client(), (first if n % 2 else second).email)
    assert _failed_login(app.test_client(), "nobody@example.org").status_code == 429


def test_successful_logins_do_not_count(app, factories):
    user = factories.user()
    for _ in range(8):
        login(app.test_client(), user)
    client = app.test_client()
    for _ in range(5):
        assert _failed_login(client, user.email).status_code == 422
    assert _failed_login(client, user.email).status_code == 429


def test_register_is_rate_limited(client):
    for n in range(5):
        response = post_form(
            client,
            "/account/register",
            {
                "email": f"new{n}@example.org",
                "display_name": f"New {n}",
                "password": "long enough passphrase",
            },
        )
        assert response.status_code == 303
    response = post_form(
        client,
        "/account/register",
        {
            "email": "new9@example.org",
            "display_name": "New 9",
            "password": "long enough passphrase",
        },
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 5


def test_forgot_password_is_rate_limited(client, factories, outbox):
    user = factories.user()
    for _ in range(5):
        assert (
            post_form(client, "/account/forgot-password", {"email": user.email}).status_code == 303
        )
    response = post_form(client, "/account/forgot-password", {"email": user.email})
    assert response.status_code == 429
    assert len(outbox.messages) == 5


def test_pages_themselves_are_not_rate_limited(client):
    for _ in range(12):
        assert client.get("/account/login").status_code == 200


# Redirects -------------------------------------------------------------------------------

UNSAFE_NEXT = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/account/profile",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/\t/evil.example",
    "account/profile",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_safe_next_url_refuses_anything_off_site(target):
    assert safe_next_url(target, "/") == "/"


@pytest.mark.parametrize("target", ["/account/profile", "/account/login?next=%2F", "/"])
def test_safe_next_url_keeps_local_paths(target):
    assert safe_next_url(target, "/home") == target


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_login_never_redirects_off_site(client, factories, target):
    user = factories.user()
    response = post_form(
        client, "/account/login", {"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_login_redirects_to_a_local_next(client, factories):
    user = factories.user()
    response = post_form(
        client,
        "/account/login",
        {"email": user.email, "password": PASSWORD, "next": "/account/profile"},
    )
    assert response.headers["Location"] == "/account/profile"


def test_signed_in_visit_to_login_never_redirects_off_site(client, factories):
    login(client, factories.user())
    response = client.get("/account/login?next=//evil.example")
    assert response.headers["Location"] == "/"
