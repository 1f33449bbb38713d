"""Statelessness (issue 20): a resident's whole journey in a real browser against two
gunicorn instances behind nginx, round-robin, on PostgreSQL and Redis (deploy/stack.sh on
ports of its own). Signing in, CSRF, flash messages and htmx work whichever instance
answers; a comment posted through one is on the other at once for signed-in readers, and
for readers who are not signed in within the stated cache time; the sign-in limit is
counted in Redis, across both instances.

Needs nginx, PostgreSQL and Redis (CI has them; .ci/run installs nginx). It runs once, in
the SQLite pass: the stack always runs on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.helpers import presentation_only

ROOT = Path(__file__).resolve().parents[2]
HTTPS, HTTP, APPS, MAIL = 18443, 18080, (18001, 18002), 12525
BASE = f"https://localhost:{HTTPS}"
DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/engage_stack_journey"
CACHE_SECONDS = 3
CONSULTATION = "/consultations/rules-for-police-use-of-facial-recognition"
PROPOSAL = "/proposals/2"  # the demo's "Require a judge's warrant for every face search"

pytestmark = presentation_only


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    missing = [tool for tool in ("nginx", "pg_isready", "redis-cli") if not shutil.which(tool)]
    if missing or subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode:
        if os.environ.get("CI"):
            pytest.fail(f"the stack journey must run in CI; missing: {missing or 'PostgreSQL'}")
        pytest.skip(f"needs nginx, PostgreSQL and Redis (missing: {missing or 'PostgreSQL'})")
    run = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "STACK_RUN": str(run),
        "STACK_HTTPS_PORT": str(HTTPS),
        "STACK_HTTP_PORT": str(HTTP),
        "STACK_APP_PORTS": " ".join(map(str, APPS)),
        "STACK_MAIL_PORT": str(MAIL),
        "STACK_DATABASE_URL": DATABASE,
        "STACK_REDIS_URL": "redis://127.0.0.1:6379/6",
        "STACK_FRESH_DATABASE": "1",
        "PUBLIC_CACHE_SECONDS": str(CACHE_SECONDS),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(["redis-cli", "-n", "6", "flushdb"], check=True, capture_output=True)
    started = subprocess.run(
        ["bash", "deploy/stack.sh", "start"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stdout + started.stderr
    yield run
    subprocess.run(["bash", "deploy/stack.sh", "stop"], cwd=ROOT, env=env, capture_output=True)


def _served(run: Path) -> dict[int, int]:
    """Requests each instance has answered so far (gunicorn's access logs)."""
    return {
        port: len((run / "logs" / f"gunicorn-{port}.log").read_text().splitlines()) for port in APPS
    }


def _direct(port: int, path: str, cookie: str = "") -> str:
    """A page straight from one instance, as nginx would ask for it."""
    headers = {"Host": f"localhost:{HTTPS}", "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    response = requests.get(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=30)
    assert response.status_code == 200, (port, path, response.status_code)
    return response.text


def _anonymous(path: str) -> str:
    return requests.get(BASE + path, verify=False, timeout=30).text  # noqa: S501 - self-signed


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_a_residents_journey_across_two_instances(stack, browser):
    before = _served(stack)
    _anonymous(PROPOSAL)  # now in nginx's cache for readers who are not signed in
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(BASE + "/account/login")
    page.get_by_label("Email address").fill("resident@example.org")
    page.get_by_label("Password", exact=True).fill("engage-demo")
    page.get_by_role("button", name="Sign in").click()
    header = page.locator("header.site-header")
    expect(header.get_by_role("link", name="Your account")).to_be_visible()
    expect(page.locator(".flash")).to_contain_text("You are signed in as")

    # Several pages in a row: still signed in whichever instance answers.
    for path in ("/", CONSULTATION, "/account/profile", PROPOSAL):
        page.goto(BASE + path)
        expect(header.get_by_role("link", name="Your account")).to_be_visible()

    # A comment through htmx (the CSRF token from the page header, on whichever instance).
    text = f"Stack journey {time.time_ns()}: the cameras need a warrant."
    form = page.locator("form.comment-form")
    form.get_by_label("Your comment").fill(text)
    form.get_by_role("button", name="Post your comment").click()
    expect(page.locator("#new-comments").get_by_text(text)).to_be_visible()
    expect(page).to_have_url(BASE + PROPOSAL)  # htmx: no page load

    page.reload()
    expect(page.get_by_text(text)).to_be_visible()

    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    for port in APPS:  # signed in: at once, from both instances
        assert text in _direct(port, PROPOSAL, cookie), port

    # Readers who are not signed in: within the stated cache time.
    deadline = time.monotonic() + CACHE_SECONDS + 5
    while text not in _anonymous(PROPOSAL):
        assert time.monotonic() < deadline, "readers never saw the comment"
        time.sleep(0.5)

    # Signing out, with its flash message, on whichever instance.
    page.locator(".site-account").get_by_role("button", name="Sign out").click()
    expect(page.locator(".flash")).to_contain_text("You are signed out.")
    expect(page.locator(".site-account").get_by_role("link", name="Sign in")).to_be_visible()
    context.close()

    after = _served(stack)
    assert all(after[port] > before[port] for port in APPS), (before, after)


def test_the_sign_in_limit_is_counted_across_instances(stack):
    """Wrong passwords alternately on each instance: the sixth is refused (5 per minute),
    which only happens if both count in the same place (Redis)."""
    statuses = []
    for attempt in range(6):
        port = APPS[attempt % 2]
        url = f"http://127.0.0.1:{port}/account/login"
        # Straight to the instance over plain HTTP: the secure session cookie is passed by
        # hand, as nginx would pass the browser's.
        first = requests.get(url, timeout=30)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', first.text).group(1)
        answer = requests.post(
            url,
            data={"csrf_token": token, "email": "resident@example.org", "password": "wrong!"},
            headers={"Cookie": f"session={first.cookies['session']}"},
            timeout=30,
            allow_redirects=False,
        )
        statuses.append(answer.status_code)
    assert statuses == [422] * 5 + [429]
