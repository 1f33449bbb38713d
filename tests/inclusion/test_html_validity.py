"""Every page is valid HTML: the Nu Html Checker finds no error on any page of the
accessibility sweep (``tests/e2e/pages.py``), for every role, in English, Spanish and Arabic.

The checker reads the HTML the server sends, so the pages are fetched with the test
client (no browser), written to a temporary folder, and checked in one run of the
checker (starting Java once).

The checker is ``vnu.jar`` from the npm package ``vnu-jar`` (``package.json``; ``make
test`` installs it into ``node_modules/``) and needs Java 17 or later (Debian:
``default-jre-headless``). Without them the test skips, unless ``ENGAGE_REQUIRE_NU`` is
set, as in CI, where it fails instead. Like the axe sweeps it runs in the SQLite pass
only: the database engine changes nothing in the HTML it checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from flask import url_for

from engage.extensions import db, limiter
from engage.i18n import LANG_COOKIE
from tests.e2e.pages import ANONYMOUS, PAGES, ROLES, make_world
from tests.factories import login

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
LANGUAGES = ("en", "es", "ar")
# What the run measured, for the summary at the end of every run (see conftest.py).
NU_KEY = pytest.StashKey[str]()

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="presentation-only check: runs in the SQLite pass; the engine changes no HTML",
)


def _checker() -> list[str]:
    """The command that runs the checker, or a skip (a failure in CI) saying what is missing."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java 17+ (Debian package 'default-jre-headless')")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR.relative_to(ROOT)} (run 'make node-tools')")
    if missing:
        message = "the Nu Html Checker needs " + " and ".join(missing)
        if os.environ.get("ENGAGE_REQUIRE_NU"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always"]


def _set_locale(world, lang: str) -> None:
    # The account's saved language wins over the cookie (engage/i18n.py).
    for user in world.users.values():
        user.locale = lang
    db.session.commit()


def _collect_pages(app, factories, folder: Path) -> tuple[dict[str, str], list[str]]:
    """Write every page, for every role and language, to ``folder``.

    Returns the files written (file name: which page it is) and any unexpected statuses.
    """
    world = make_world(factories)
    clients = {}
    for role in ROLES:
        limiter.reset()
        clients[role] = app.test_client()
        if role != ANONYMOUS:
            login(clients[role], world.users[role])
    with app.test_request_context():
        paths = {p.name: p.path or url_for(p.endpoint, **p.values(world)) for p in PAGES}
    files: dict[str, str] = {}
    problems = []
    for lang in LANGUAGES:
        _set_locale(world, lang)
        for role in ROLES:
            client = clients[role]
            client.set_cookie(LANG_COOKIE, lang)
            for item in PAGES:
                if role not in item.seen_by:
                    continue
                where = f"{lang}, {role}, {item.name}"
                limiter.reset()
                response = client.get(paths[item.name], follow_redirects=True)
                if response.status_code != item.status:
                    problems.append(f"{where}: status {response.status_code}, not {item.status}")
                name = f"{len(files):04d}.html"
                (folder / name).write_bytes(response.get_data())
                files[name] = where
    return files, problems


def test_every_page_is_valid_html_for_every_role_in_every_language(
    app, factories, tmp_path, request
):
    command = _checker()
    started = time.monotonic()
    files, problems = _collect_pages(app, factories, tmp_path)
    fetched = time.monotonic()
    result = subprocess.run(  # noqa: S603 (a fixed command, on files written here)
        [*command, *(str(tmp_path / name) for name in sorted(files))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    checked = time.monotonic()
    request.config.stash[NU_KEY] = (
        f"{len(files)} pages fetched in {fetched - started:.0f} s, "
        f"checked in {checked - fetched:.0f} s"
    )
    assert len(files) > len(LANGUAGES) * len(ROLES), f"only {len(files)} pages fetched"
    assert result.returncode == 0, f"the checker did not run:\n{result.stderr[-2000:]}"
    # The report goes to stderr (stdout with --stdout).
    messages = json.loads(result.stderr)["messages"]
    for message in messages:
        name = Path(message.get("url", "")).name
        where = files.get(name, message.get("url", "?"))
        extract = " ".join(message.get("extract", "").split())
        problems.append(
            f"{where}, line {message.get('lastLine', '?')}: {message.get('message')} [{extract}]"
        )
    assert not problems, (
        f"{len(messages)} Nu Html Checker errors in {len(files)} pages:\n" + "\n".join(problems)
    )


# An htmx attribute without "data-": "hx-get=", but not "data-hx-get=".
BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+(?::[\w:-]+)?=")


def test_htmx_attributes_are_written_as_data_hx_everywhere():
    """Fragments for htmx are not pages the checker sees: their attributes are checked here
    (hx-* is not valid HTML; htmx reads data-hx-* just the same)."""
    found = []
    for folder, pattern in (("templates", "*.html"), ("engage", "*.py")):
        for path in sorted((ROOT / folder).rglob(pattern)):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if BARE_HTMX.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "write these as data-hx-*:\n" + "\n".join(found)


def test_pages_reached_by_posting_a_form_are_valid_html(client, factories, tmp_path):
    """Pages only a POST shows, which the sweep (GET) cannot reach: the CSV import's result
    and its check page (the same file twice, issue 22), in every language."""
    import io

    from tests.consultations.helpers import post

    command = _checker()
    official = factories.user("official")
    consultation = factories.consultation("open")
    login(client, official)
    csv = "kind,title,body,name\r\nproposal,Benches,Older people need to sit.,Maria G.\r\n"
    files = {}
    for step, lang in [("result", "en"), *(("check", lang) for lang in LANGUAGES)]:
        client.set_cookie(LANG_COOKIE, lang)
        official.locale = lang
        db.session.commit()
        response = post(
            client,
            f"/consultations/{consultation.slug}/import",
            {"file": (io.BytesIO(csv.encode()), "paper.csv")},
            content_type="multipart/form-data",
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and ('name="content"' in page) == (step == "check")
        name = f"{lang}-{step}.html"
        (tmp_path / name).write_bytes(response.get_data())
        files[name] = f"{lang}, import {step}"
    result = subprocess.run(  # noqa: S603 (a fixed command, on files written here)
        [*command, *(str(tmp_path / name) for name in sorted(files))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    problems = [
        f"{files.get(Path(m.get('url', '')).name)}: {m.get('message')} [{m.get('extract')}]"
        for m in messages
    ]
    assert not problems, "\n".join(problems)
