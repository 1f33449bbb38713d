"""Helpers for the wapiti scan (.ci/wapiti), run with the app's own Python.

``sign-in BASE_URL [EMAIL PASSWORD]`` prints a ``session=…`` cookie holding a CSRF token
(and, with credentials, a signed-in person). Every wapiti run of one identity sends that
same cookie and ignores Set-Cookie, so the forms found while crawling keep valid CSRF
tokens when another process attacks them, and no attack can sign the scanner out.

``dedupe SESSION_DIR`` keeps one crawled request per route, method and set of parameter
names (``/proposals/1`` and ``/proposals/2`` are the same code), so the attack time goes
to every route once rather than to the first few routes many times.

``keep SESSION_DIR links|forms`` leaves, in a copy of the session, only the links with
parameters or only the forms (and, in both, the pages without parameters, where stored
XSS is looked for). wapiti attacks links before forms: run apart, a time limit cannot
leave the forms unattacked.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def sign_in(base_url: str, email: str | None = None, password: str | None = None) -> str:
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    login_url = base_url.rstrip("/") + "/account/login"
    with opener.open(login_url, timeout=30) as response:
        page = response.read().decode()
    token = CSRF_FIELD.search(page)
    if token is None:
        raise SystemExit(f"no CSRF token on {login_url}")
    if email:
        form = {"csrf_token": token.group(1), "email": email, "password": password or ""}
        with opener.open(login_url, data=urlencode(form).encode(), timeout=30) as response:
            page = response.read().decode()
        if 'action="/account/logout"' not in page:
            raise SystemExit(f"could not sign in as {email}")
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "session" not in cookies:
        raise SystemExit("the site set no session cookie")
    return f"session={cookies['session']}"


def still_signed_in(base_url: str, cookie: str, email: str | None = None, *_) -> None:
    """After the attacks, the scan's cookie still opens the account page (when it had one)."""
    if not email:
        return
    opener = build_opener(_NoRedirect)
    opener.addheaders = [("Cookie", cookie)]
    try:
        with opener.open(base_url.rstrip("/") + "/account/profile", timeout=30) as response:
            status = response.status
    except HTTPError as error:  # a redirect to the sign-in page, with redirects refused
        status = error.code
    if status != 200:
        raise SystemExit(f"the scan was no longer signed in as {email} when it ended")


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def route_key(adapter, url: str, method: str) -> str:
    """The endpoint that serves this URL, or the path itself when none does."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    path = urlsplit(url).path
    try:
        endpoint, _ = adapter.match(path, method="GET" if method == "GET" else "POST")
    except (RequestRedirect, HTTPException):
        return path
    return endpoint


def dedupe(session_dir: str, app=None) -> tuple[int, int]:
    """Delete crawled requests that repeat an earlier one's route and parameter names."""
    if app is None:
        from engage import create_app

        app = create_app()
    adapter = app.url_map.bind("127.0.0.1")
    (database,) = Path(session_dir).glob("*.db")
    db = sqlite3.connect(database)
    seen: set[tuple] = set()
    repeats: list[int] = []
    crawled = db.execute("SELECT path_id, path, method FROM paths WHERE NOT evil").fetchall()
    for path_id, url, method in crawled:
        names = frozenset(
            name for (name,) in db.execute("SELECT name FROM params WHERE path_id = ?", (path_id,))
        )
        key = (method, route_key(adapter, url, method), names)
        if key in seen:
            repeats.append(path_id)
        else:
            seen.add(key)
    db.executemany("DELETE FROM params WHERE path_id = ?", [(i,) for i in repeats])
    db.executemany("DELETE FROM paths WHERE path_id = ?", [(i,) for i in repeats])
    db.commit()
    db.close()
    return len(seen), len(repeats)


def keep(session_dir: str, kind: str) -> int:
    """Delete the forms (kind "links") or the links with parameters (kind "forms")."""
    if kind not in ("links", "forms"):
        raise SystemExit(f"keep links or forms, not {kind!r}")
    (database,) = Path(session_dir).glob("*.db")
    db = sqlite3.connect(database)
    with_params = "EXISTS (SELECT 1 FROM params WHERE params.path_id = paths.path_id)"
    unwanted = "method != 'GET'" if kind == "links" else f"method = 'GET' AND {with_params}"
    ids = [row for row in db.execute(f"SELECT path_id FROM paths WHERE NOT evil AND {unwanted}")]
    db.executemany("DELETE FROM params WHERE path_id = ?", ids)
    db.executemany("DELETE FROM paths WHERE path_id = ?", ids)
    db.commit()
    left = db.execute("SELECT count(*) FROM paths WHERE NOT evil").fetchone()[0]
    db.close()
    return left


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "sign-in":
        print(sign_in(*args))
    elif command == "still-signed-in":
        still_signed_in(*args)
    elif command == "keep":
        print(keep(*args))
    elif command == "dedupe":
        kept, dropped = dedupe(*args)
        print(f"{kept} requests to attack, {dropped} repeats of the same route left out")
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
