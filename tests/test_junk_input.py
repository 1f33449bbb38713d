"""Junk in every parameter of every route is bad input, never a server error (finding 5).

Generated from ``app.url_map``: one test per endpoint and method, each sending junk
(numbers past what the database holds, a negative number, NUL, invalid UTF-8, 10 KB) to

- every path argument of the route,
- every query argument the route asks for (recorded while it handles a plain request)
  and, all at once, every argument name any route of the app reads (found in its source),
- every field of the route's form (recorded the same way, and read from the page that
  shows the form, whose values fill the other fields), with a valid CSRF token,

as anonymous, as a resident and as an admin (and as the staff role the route is for).
The world each route needs comes from its row in tests/test_access.py, whose rows match
the URL map exactly (checked below too).
Any response with a 5xx status, or an error raised by the app, fails the test with the
request that caused it.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest

from engage.extensions import limiter
from tests.junk import (
    FORM,
    JUNK,
    SOURCE_NAMES,
    FormSeen,
    Sweep,
    build_url,
    client_for,
    csrf_token,
    find_form,
    form_body,
    form_pages,
    path_variants,
    post_endpoint,
    recording,
    searcher,
    send_recording,
    sweep_roles,
    with_query,
    world_args,
)
from tests.test_access import ACCESS, people  # noqa: F401 - people is a fixture


@pytest.fixture
def sweep_app(app, monkeypatch):
    monkeypatch.setattr(app, "request_class", recording(app.request_class))
    # Junk must reach validation, not a rate limit; limits have their own tests.
    monkeypatch.setattr(limiter, "enabled", False)
    return app


GET_ENDPOINTS = sorted(e for e, r in ACCESS.items() if r.get)
POST_ENDPOINTS = sorted(e for e, r in ACCESS.items() if r.post)


def test_the_sweep_covers_every_route(app):
    methods: dict[str, set[str]] = {"GET": set(), "POST": set()}
    for rule in app.url_map.iter_rules():
        for method in methods.keys() & rule.methods:
            methods[method].add(rule.endpoint)
    assert methods["GET"] - {"static"} == set(GET_ENDPOINTS)
    assert methods["POST"] == set(POST_ENDPOINTS)


def test_the_source_scan_finds_the_arguments_routes_read():
    """The all-at-once query below is only as good as this list."""
    assert {"after", "q", "page", "sort", "target_id", "cursor", "limit", "next"} <= set(
        SOURCE_NAMES
    )


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
def test_junk_in_a_get_route_is_never_a_server_error(sweep_app, factories, people, endpoint):  # noqa: F811
    app, row = sweep_app, ACCESS[endpoint]
    args = row.args(factories, people)
    url = build_url(app, endpoint, args)
    sweep = Sweep(app, endpoint)
    for junk_url in path_variants(app, endpoint, args, numbers=True):
        sweep.send(app.test_client(), "anonymous", "GET", junk_url)
    for role in sweep_roles(row.get):
        client = client_for(app, people[role])
        asked = send_recording(sweep, client, role, "GET", url)
        for junk in JUNK:
            if len(junk.raw) < 100:  # 10 KB in each of 40 names: a URL no server would take
                every_name = "&".join(f"{name}={junk.escaped}" for name in SOURCE_NAMES)
                sweep.send(client, role, "GET", with_query(url, every_name))
            for name in sorted(asked):
                sweep.send(client, role, "GET", with_query(url, f"{name}={junk.escaped}"))
        for junk_url in path_variants(app, endpoint, args, numbers=False):
            sweep.send(client, role, "GET", junk_url)
    assert sweep.reached, f"GET {endpoint}: every role was refused, so no junk reached it"
    assert not sweep.failures, f"GET {endpoint}:\n" + "\n".join(sweep.failures)


def _form_and_page(app, factories, users, endpoint: str, args, roles):
    """The route's form, looked for once by the role it is for: on the pages of the route's
    own world, else on those of a small open consultation."""
    client = client_for(app, users[searcher(roles, ACCESS[endpoint].post)])
    form, page = find_form(app, client, endpoint, form_pages(app, endpoint, args))
    if form is None:
        elsewhere = form_pages(app, endpoint, world_args(factories))
        form, page = find_form(app, client, endpoint, elsewhere)
    return form, page


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_junk_in_a_post_route_is_never_a_server_error(sweep_app, factories, people, endpoint):  # noqa: F811
    app, row = sweep_app, ACCESS[endpoint]
    args = row.args(factories, people)
    url = build_url(app, endpoint, args)
    sweep = Sweep(app, endpoint)
    roles = sweep_roles(row.post)
    found, page = _form_and_page(app, factories, people, endpoint, args, roles)
    for junk_url in path_variants(app, endpoint, args, numbers=True):
        sweep.send(app.test_client(), "anonymous", "POST", junk_url)
    for role in roles:
        client = client_for(app, people[role])
        # Each role's own copy of the form, where it sees one: its hidden values may differ.
        form = (find_form(app, client, endpoint, [page])[0] if page else None) or found
        form = form or FormSeen(urlsplit(url).path)
        target = form.action if post_endpoint(app, form.action) == endpoint else url
        values = {**form.filled(), "csrf_token": csrf_token(client)}
        asked = send_recording(
            sweep, client, role, "POST", target, data=form_body(values), content_type=FORM
        )
        # A role sent away reads no more than it asked for before it was sent away.
        fields = set(form.fields) | form.files if role in sweep.reached else set()
        for name in sorted((asked | fields) - form.files - {"csrf_token"}):
            for junk in JUNK:
                body = form_body(values, name, junk)
                what = f"{name}={junk.name}"
                sweep.send(client, role, "POST", target, what, data=body, content_type=FORM)
        for name in sorted(form.files & fields):
            for junk in JUNK:
                upload = {**values, name: (io.BytesIO(junk.raw * 3), "junk.csv")}
                sweep.send(client, role, "POST", target, f"{name}={junk.name} file", data=upload)
        for junk_url in path_variants(app, endpoint, args, numbers=False):
            sweep.send(client, role, "POST", junk_url, data=form_body(values), content_type=FORM)
    assert sweep.reached, f"POST {endpoint}: every role was refused, so no junk reached it"
    assert not sweep.failures, f"POST {endpoint}:\n" + "\n".join(sweep.failures)
