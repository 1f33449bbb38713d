"""Display preferences: the form, the cookie round trip, and classes on every page."""

from __future__ import annotations

import re

import pytest

from engage.preferences import settings
from tests.factories import csrf_token_from, login, post_form

ALL = ["large-text", "high-contrast", "reduced-motion", "spacing"]


def html_classes(page: str) -> set[str]:
    match = re.search(r"<html\b[^>]*>", page)
    assert match, "no <html> tag"
    found = re.search(r'\bclass="([^"]*)"', match.group(0))
    return set(found.group(1).split()) if found else set()


def checked(page: str) -> set[str]:
    return set(re.findall(r'name="display" value="([a-z-]+)"[^>]*\bchecked\b', page))


def display_cookie(response) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{settings.COOKIE}="):
            return header
    return None


def test_page_lists_every_setting_unticked_by_default(client):
    response = client.get("/preferences")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ALL:
        assert f'id="display-{name}" name="display" value="{name}"' in page
        assert f'<label for="display-{name}">' in page
        assert f'aria-describedby="display-{name}-hint"' in page
    assert checked(page) == set()
    assert html_classes(page) == set()
    assert "<legend>" in page


def test_saving_sets_a_cookie_and_redirects_back(client):
    response = post_form(client, "/preferences", {"display": ["spacing", "large-text"]})
    assert response.status_code == 303
    assert response.headers["Location"] == "/preferences"
    cookie = display_cookie(response)
    assert cookie is not None
    assert cookie.startswith("display=large-text.spacing;"), cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie

    page = client.get("/preferences").get_data(as_text=True)
    assert "Your display settings are saved on this device." in page
    assert checked(page) == {"large-text", "spacing"}
    assert html_classes(page) == {"pref-large-text", "pref-spacing"}


def test_all_four_settings_round_trip(client):
    post_form(client, "/preferences", {"display": ALL})
    page = client.get("/").get_data(as_text=True)
    assert html_classes(page) == {f"pref-{name}" for name in ALL}


def test_saving_nothing_removes_the_cookie(client):
    post_form(client, "/preferences", {"display": ["high-contrast"]})
    response = post_form(client, "/preferences", {})
    assert response.status_code == 303
    cookie = display_cookie(response)
    assert cookie is not None and "Expires=Thu, 01 Jan 1970" in cookie, cookie
    assert html_classes(client.get("/").get_data(as_text=True)) == set()


def test_unknown_values_in_the_form_are_ignored(client):
    response = post_form(
        client, "/preferences", {"display": ["spacing", "evil", '"><script>', "pref-spacing"]}
    )
    assert display_cookie(response).startswith("display=spacing;")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("large-text.bogus.high-contrast", {"pref-large-text", "pref-high-contrast"}),
        ('"><script>alert(1)</script>', set()),
        ("spacing.spacing.spacing", {"pref-spacing"}),
        ("LARGE-TEXT", set()),
        ("", set()),
        ("x" * 4000, set()),
    ],
)
def test_unknown_values_in_the_cookie_are_ignored(client, value, expected):
    client.set_cookie(settings.COOKIE, value)
    page = client.get("/").get_data(as_text=True)
    assert html_classes(page) == expected
    assert "<script>alert" not in page


def test_an_expired_form_comes_back_with_the_choices_ticked(client):
    client.get("/preferences")
    response = client.post(
        "/preferences", data={"csrf_token": "expired", "display": ["reduced-motion"]}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your session expired" in page
    assert checked(page) == {"reduced-motion"}
    assert display_cookie(response) is None


def test_settings_apply_when_signed_in(client, factories):
    client.set_cookie(settings.COOKIE, "high-contrast")
    login(client, factories.user())
    page = client.get("/account/profile").get_data(as_text=True)
    assert html_classes(page) == {"pref-high-contrast"}


def _plain_get_urls(app) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            urls.append(rule.rule)
    return sorted(urls)


def test_classes_and_footer_link_are_on_every_page(app, client, factories):
    """Every page without URL arguments, signed out and in, plus an error page."""
    client.set_cookie(settings.COOKIE, "large-text.reduced-motion")
    user = factories.user("admin")
    seen = 0
    for signed_in in (False, True):
        if signed_in:
            login(client, user)
        for url in [*_plain_get_urls(app), "/no-such-page"]:
            response = client.get(url)
            if response.mimetype != "text/html" or response.status_code in (301, 302, 303):
                continue
            page = response.get_data(as_text=True)
            assert html_classes(page) == {"pref-large-text", "pref-reduced-motion"}, url
            assert 'href="/preferences">Display settings</a>' in page, url
            seen += 1
    assert seen >= 10


def test_the_form_posts_to_itself_with_a_csrf_token(client):
    page = client.get("/preferences").get_data(as_text=True)
    assert '<form method="post" action="/preferences">' in page
    assert csrf_token_from(page)
