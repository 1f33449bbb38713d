"""No staff page works without a second factor: every route of tests/test_access.py is
walked as a moderator, an official and an admin who haven't set one up."""

from __future__ import annotations

import html

import pytest

from engage.extensions import limiter
from tests.factories import login, token_for
from tests.test_access import ACCESS, LOGIN, _outcome, _url
from tests.two_factor.helpers import SETUP, enrol

STAFF = ("moderator", "official", "admin")
REFUSED = (LOGIN, 403, 404)


@pytest.fixture
def people(factories) -> dict:
    """As in tests/test_access.py, but the staff have no second factor yet."""
    return {
        "anonymous": None,
        "resident": factories.user(name="Rosa Resident"),
        "moderator": factories.user("moderator", name="Mo Moderator", second_factor=False),
        "official": factories.user("official", name="Ola Official", second_factor=False),
        "admin": factories.user("admin", name="Adi Admin", second_factor=False),
    }


def _client(app, user):
    limiter.reset()
    client = app.test_client()
    login(client, user)
    return client


def _staff_only(expected: dict) -> list[str]:
    """The staff roles this route lets in where a resident is refused."""
    if expected["resident"] not in REFUSED:
        return []
    return [role for role in STAFF if expected[role] not in REFUSED]


def _sent_to_setup(response) -> bool:
    return response.status_code == 303 and response.headers["Location"].startswith(SETUP)


GET_ROUTES = sorted(e for e, r in ACCESS.items() if r.get and _staff_only(r.get))
POST_ROUTES = sorted(e for e, r in ACCESS.items() if r.post and _staff_only(r.post))


def test_the_walk_covers_the_staff_pages():
    assert len(GET_ROUTES) >= 25 and len(POST_ROUTES) >= 30
    for endpoint in ("moderation.queue", "admin.users", "admin.audit_log"):
        assert endpoint in GET_ROUTES


@pytest.mark.parametrize("endpoint", GET_ROUTES)
def test_staff_pages_send_staff_without_a_second_factor_to_set_it_up(
    app, factories, people, endpoint
):
    row = ACCESS[endpoint]
    url = _url(app, endpoint, row.args(factories, people))
    wrong = []
    for role in _staff_only(row.get):
        response = _client(app, people[role]).get(url)
        if not _sent_to_setup(response):
            wrong.append(f"{role}: {_outcome(response)} {response.headers.get('Location')}")
    assert not wrong, f"GET {url}: {wrong}"


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_staff_actions_are_refused_without_a_second_factor(app, factories, people, endpoint):
    row = ACCESS[endpoint]
    url = _url(app, endpoint, row.args(factories, people))
    wrong = []
    for role in _staff_only(row.post):
        client = _client(app, people[role])
        token = token_for(client)
        response = client.post(url, data={"csrf_token": token})
        if not _sent_to_setup(response):
            wrong.append(f"{role}: {_outcome(response)}")
    assert not wrong, f"POST {url}: {wrong}"


def test_staff_sign_in_goes_to_setup_and_resident_pages_still_work(client, factories):
    from tests.factories import PASSWORD, post_form

    moderator = factories.user("moderator", second_factor=False)
    response = post_form(
        client,
        "/account/login",
        {"email": moderator.email, "password": PASSWORD, "next": "/moderation/queue"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == SETUP + "?next=/moderation/queue"
    # Resident pages work, with a reminder; staff links are not offered.
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert "Your account has a staff role. Its pages open once you set up" in home
    assert 'href="/moderation/queue"' not in home
    assert client.get("/account/profile").status_code == 200

    queue = client.get("/moderation/queue")
    assert queue.headers["Location"] == SETUP + "?next=/moderation/queue"
    page = html.unescape(client.get(queue.headers["Location"]).get_data(as_text=True))
    assert "Set up two-factor sign-in to use the pages for your staff role." in page

    enrol(client, next_url="/moderation/queue")

    assert client.get("/moderation/queue").status_code == 200
    assert "Your account has a staff role" not in client.get("/").get_data(as_text=True)


def test_an_htmx_request_is_sent_to_setup_as_a_whole_page(client, factories):
    login(client, factories.user("admin", second_factor=False))
    response = client.get("/admin/users?q=x", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == SETUP + "?next=/admin/users?q%3Dx"
