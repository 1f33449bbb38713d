"""What shared caches may keep (engage.http_cache): a page for a reader who is not signed
in, for PUBLIC_CACHE_SECONDS, with an ETag; nothing personal, ever (issue 20)."""

from __future__ import annotations

import pytest

from tests.factories import login


@pytest.fixture
def anonymous(app):
    """A browser with no cookies at all, as a first visit or a crawler."""
    return app.test_client(use_cookies=False)


def _pages(factories) -> list[str]:
    consultation = factories.consultation("open")
    proposal = factories.proposal(consultation=consultation)
    slug = consultation.slug
    return [
        "/",
        f"/consultations/{slug}",
        f"/consultations/{slug}/proposals",
        f"/consultations/{slug}/discussion",
        f"/proposals/{proposal.id}",
        "/search?q=cameras",
        "/privacy",
        "/api/v1/consultations",
    ]


def test_pages_for_readers_who_are_not_signed_in_can_be_shared(anonymous, factories, app):
    for path in _pages(factories):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        control = response.cache_control
        assert control.public and control.max_age == app.config["PUBLIC_CACHE_SECONDS"], path
        assert not control.private and not control.no_store, path
        assert response.headers.get("ETag"), path
        assert "Set-Cookie" not in response.headers, path
        assert "csrf" not in response.get_data(as_text=True).lower(), path
        # The same address is a whole page or an htmx fragment, in the reader's language.
        assert {"HX-Request", "Accept-Language"} <= set(response.vary), path


def test_an_unchanged_page_is_revalidated_with_304(anonymous, factories):
    consultation = factories.consultation("open")
    first = anonymous.get(f"/consultations/{consultation.slug}")
    etag = first.headers["ETag"]

    again = anonymous.get(f"/consultations/{consultation.slug}", headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again.get_data() == b""


def test_signed_in_pages_are_never_stored(client, factories):
    consultation = factories.consultation("open")
    login(client, factories.user())
    for path in ("/", f"/consultations/{consultation.slug}", "/account/profile"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.cache_control.private and response.cache_control.no_store, path
        assert not response.cache_control.public, path


def test_a_reader_with_any_cookie_gets_a_private_page(app, factories):
    """A language or display choice changes the page: it is theirs, not the cache's."""
    consultation = factories.consultation("open")
    browser = app.test_client()
    browser.set_cookie("lang", "es")

    response = browser.get(f"/consultations/{consultation.slug}")

    assert response.cache_control.private and response.cache_control.no_store


def test_a_page_that_sets_a_cookie_is_not_shared(anonymous):
    """The sign-in form holds a CSRF token, so the page starts a session."""
    response = anonymous.get("/account/login")

    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    assert response.cache_control.private and response.cache_control.no_store
    assert not response.cache_control.public


def test_posts_redirects_and_errors_are_not_shared(anonymous, factories):
    consultation = factories.consultation("open")
    responses = [
        anonymous.get("/consultations/no-such-consultation"),
        anonymous.get("/consultations"),  # a redirect to the canonical address
        anonymous.post(f"/consultations/{consultation.slug}/proposals/new", data={}),
    ]
    for response in responses:
        assert response.status_code != 200
        assert response.cache_control.no_store and not response.cache_control.public


def test_zero_seconds_makes_every_page_private(anonymous, factories, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_SECONDS", 0)
    response = anonymous.get("/")
    assert response.cache_control.private and response.cache_control.no_store
