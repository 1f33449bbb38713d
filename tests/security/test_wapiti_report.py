"""The wapiti job's helpers: what fails it, what it may ignore, and what it attacks."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from config import ProductionConfig
from tests.apps import PRODUCTION_SECRET_KEY, separate_app
from tests.factories import csrf_token_from
from tests.security import wapiti_prepare, wapiti_report

ROOT = Path(__file__).resolve().parent.parent.parent


def finding(info: str, **fields) -> dict:
    return {"method": "GET", "path": "/", "info": info, "parameter": "", **fields}


def report(vulnerabilities=None, anomalies=None) -> dict:
    return {
        "infos": {"crawled_pages_nbr": 3},
        "vulnerabilities": vulnerabilities or {},
        "anomalies": anomalies or {},
        "additionals": {},
    }


def test_documented_false_positives_pass(tmp_path, capsys):
    cookie = finding("Secure flag is not set in the cookie : session")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report({"Secure Flag cookie": [cookie, cookie]})))
    assert wapiti_report.main([str(path)]) == 0
    assert "0 findings, 1 documented false positives" in capsys.readouterr().out


def test_a_vulnerability_fails_the_job(tmp_path, capsys):
    xss = finding("XSS vulnerability found via injection in the parameter q", parameter="q")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report({"Reflected Cross Site Scripting": [xss]})))
    assert wapiti_report.main([str(path)]) == 1
    assert "FINDING: Reflected Cross Site Scripting: GET / [q]" in capsys.readouterr().out


def test_a_server_error_fails_the_job(tmp_path):
    error = finding("The server responded with a 500 HTTP error code", method="POST")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report(anomalies={"Internal Server Error": [error]})))
    assert wapiti_report.main([str(path)]) == 1


def test_an_allowed_category_with_other_text_still_fails():
    other_cookie = finding("Secure flag is not set in the cookie : tracking")
    real, known = wapiti_report.check([report({"Secure Flag cookie": [other_cookie]})])
    assert [f.info for f in real] == [other_cookie["info"]]
    assert known == []


def test_an_unreadable_report_fails_the_job(tmp_path):
    path = tmp_path / "report.json"
    path.write_text("<html>")
    assert wapiti_report.main([str(path), str(tmp_path / "missing.json")]) == 2


def test_every_allowed_entry_gives_a_reason_with_tests_that_exist():
    for entry in wapiti_report.ALLOWED:
        tests = re.findall(r"(tests/[\w/]+\.py)::(\w+)", entry.reason)
        assert tests, f"{entry.category}: the reason names no test"
        for path, name in tests:
            assert re.search(rf"def {name}\(", (ROOT / path).read_text()), f"{path}::{name}"


def test_every_cookie_is_secure_in_production(tmp_path):
    """Why "Secure flag is not set" over plain HTTP in development is a false positive."""
    with separate_app(
        ProductionConfig, tmp_path, SECRET_KEY=PRODUCTION_SECRET_KEY, BASE_URL="https://localhost"
    ) as prod:
        client = prod.test_client()
        https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/"}}
        token = csrf_token_from(client.get("/preferences", **https).get_data(as_text=True))
        display = {"csrf_token": token, "display": "large-text"}
        responses = [
            client.post("/preferences", data=display, **https),
            client.post("/language", data={"csrf_token": token, "lang": "es"}, **https),
        ]
    cookies = [c for r in responses for c in r.headers.getlist("Set-Cookie")]
    names = {cookie.split("=", 1)[0] for cookie in cookies}
    assert {"display", "lang"} <= names
    for cookie in cookies:
        assert "; Secure" in cookie and "; HttpOnly" in cookie, cookie


def _wapiti_session(folder: Path, requests: list[tuple[str, str, list[str]]]) -> Path:
    """The two tables of a wapiti session that dedupe reads and writes."""
    folder.mkdir()
    db = sqlite3.connect(folder / "127.0.0.1_5000_folder_0.db")
    db.execute("CREATE TABLE paths (path_id INTEGER PRIMARY KEY, path, method, evil)")
    db.execute("CREATE TABLE params (param_id INTEGER PRIMARY KEY, path_id, name, value1)")
    for method, url, names in requests:
        path_id = db.execute(
            "INSERT INTO paths (path, method, evil) VALUES (?, ?, 0)", (url, method)
        ).lastrowid
        db.executemany(
            "INSERT INTO params (path_id, name, value1) VALUES (?, ?, '')",
            [(path_id, name) for name in names],
        )
    db.commit()
    db.close()
    return folder


def test_dedupe_keeps_one_request_per_route_and_parameter_names(app, tmp_path):
    base = "http://127.0.0.1:5000"
    folder = _wapiti_session(
        tmp_path / "session",
        [
            ("GET", f"{base}/proposals/1", []),
            ("GET", f"{base}/proposals/2", []),
            ("GET", f"{base}/proposals/2?sort=oldest", ["sort"]),
            ("GET", f"{base}/proposals/3?sort=newest", ["sort"]),
            ("GET", f"{base}/account/login?next=%2Fproposals%2F1", ["next"]),
            ("GET", f"{base}/account/login?next=%2Fproposals%2F2", ["next"]),
            ("POST", f"{base}/account/login", ["csrf_token", "email", "password"]),
            ("POST", f"{base}/comments", ["csrf_token", "target_type", "target_id", "body"]),
            ("POST", f"{base}/comments", ["csrf_token", "target_type", "target_id", "body"]),
            ("GET", f"{base}/no/such/page", []),
        ],
    )
    assert wapiti_prepare.dedupe(str(folder), app) == (6, 4)
    db = sqlite3.connect(next(folder.glob("*.db")))
    kept = [row[0] for row in db.execute("SELECT path FROM paths ORDER BY path_id")]
    orphans = db.execute(
        "SELECT count(*) FROM params WHERE path_id NOT IN (SELECT path_id FROM paths)"
    )
    assert kept == [
        f"{base}/proposals/1",
        f"{base}/proposals/2?sort=oldest",
        f"{base}/account/login?next=%2Fproposals%2F1",
        f"{base}/account/login",
        f"{base}/comments",
        f"{base}/no/such/page",
    ]
    assert orphans.fetchone() == (0,)


def test_keep_splits_links_from_forms_and_keeps_pages_without_parameters(tmp_path):
    base = "http://127.0.0.1:5000"
    requests = [
        ("GET", f"{base}/proposals/1", []),
        ("GET", f"{base}/search?q=x", ["q"]),
        ("POST", f"{base}/comments", ["csrf_token", "body"]),
    ]
    links = _wapiti_session(tmp_path / "links", requests)
    forms = _wapiti_session(tmp_path / "forms", requests)
    assert wapiti_prepare.keep(str(links), "links") == 2
    assert wapiti_prepare.keep(str(forms), "forms") == 2

    def left(folder):
        db = sqlite3.connect(next(folder.glob("*.db")))
        return [row[0] for row in db.execute("SELECT path FROM paths ORDER BY path_id")]

    assert left(links) == [f"{base}/proposals/1", f"{base}/search?q=x"]
    assert left(forms) == [f"{base}/proposals/1", f"{base}/comments"]
