"""Browser tests: the app served on a local port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# The browser tests run once, in the SQLite pass (.ci/run runs the suite on both
# engines). What they check — focus, swaps, keyboard, axe, layout, the journey's steps —
# is drawn by the same code on either engine, and what an engine changes (queries,
# locks, counters, races) is tested on PostgreSQL by the tests outside tests/e2e. Running
# them twice took about 20 of CI's minutes. ENGAGE_BROWSER_ON_POSTGRESQL=1 runs them there.
ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
ONCE = pytest.mark.skip(
    reason="browser test: runs in the SQLite pass (ENGAGE_BROWSER_ON_POSTGRESQL=1 runs it here)"
)


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    missing = not (os.path.exists(CHROMIUM) or shutil.which("chromium"))
    once = ON_POSTGRESQL and not os.environ.get("ENGAGE_BROWSER_ON_POSTGRESQL")
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)
            if once:
                item.add_marker(ONCE)
                continue
            if missing:
                if os.environ.get("ENGAGE_REQUIRE_BROWSER"):
                    raise pytest.UsageError(
                        f"Chromium not found at {CHROMIUM}; browser tests must run here "
                        "(install the Debian package 'chromium')."
                    )
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"Chromium not found at {CHROMIUM}: install the Debian "
                        "package 'chromium' to run browser tests"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(app):
    """The test app on a real port, in a thread, sharing the test database."""
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture
def page(page, live_server, app, monkeypatch):
    """Every browser page fails its test on a CSP violation or a JavaScript error.

    Links in emails are built on BASE_URL, so while a browser test runs it is the live
    server's address (and the test client's again afterwards).
    """
    monkeypatch.setitem(app.config, "BASE_URL", live_server)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.set_default_timeout(10_000)
    yield page
    assert not problems, "\n".join(problems)


# Request ``js`` to run a test twice: JavaScript on (htmx active) and off (plain HTML).
JS_MODES = [
    pytest.param(True, id="js"),
    pytest.param(
        False, id="nojs", marks=pytest.mark.browser_context_args(java_script_enabled=False)
    ),
]


@pytest.fixture(params=JS_MODES)
def js(request) -> bool:
    return request.param
