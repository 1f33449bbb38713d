"""Fail the wapiti job on any finding that is not a documented false positive.

Usage: ``python -m tests.security.wapiti_report REPORT.json [REPORT.json …]`` (wapiti's JSON
reports). Every vulnerability, anomaly (a 500, a timeout) and additional finding counts,
unless an entry of ALLOWED matches its category and text; each entry says why it is not a
problem. Exit status 1 when anything else was found, 2 when a report is unreadable.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Allowed:
    category: str
    info: str  # a regular expression the finding's text must match in full
    reason: str

    def matches(self, finding: Finding) -> bool:
        return finding.category == self.category and re.fullmatch(self.info, finding.info)


ALLOWED = (
    Allowed(
        category="Secure Flag cookie",
        info=r"Secure flag is not set in the cookie : (session|remember_token|display|lang)",
        reason=(
            "The scan serves the development configuration over plain HTTP, where a Secure "
            "cookie would never be sent back. Production sets SESSION_COOKIE_SECURE, and every "
            "cookie the site sets follows it: tests/test_security.py::"
            "test_production_sends_cookies_only_over_https and tests/security/"
            "test_wapiti_report.py::test_every_cookie_is_secure_in_production."
        ),
    ),
)


@dataclass(frozen=True)
class Finding:
    kind: str  # vulnerabilities, anomalies or additionals
    category: str
    method: str
    path: str
    parameter: str
    info: str

    def __str__(self) -> str:
        where = f"{self.method} {self.path}"
        if self.parameter:
            where += f" [{self.parameter}]"
        return f"{self.category}: {where}: {self.info}"


def findings(report: dict) -> list[Finding]:
    found = []
    for kind in ("vulnerabilities", "anomalies", "additionals"):
        for category, entries in report.get(kind, {}).items():
            for entry in entries:
                found.append(
                    Finding(
                        kind=kind,
                        category=category,
                        method=entry.get("method", ""),
                        path=entry.get("path", ""),
                        parameter=entry.get("parameter", ""),
                        info=entry.get("info", "").strip(),
                    )
                )
    return found


def allowed_by(finding: Finding) -> Allowed | None:
    return next((entry for entry in ALLOWED if entry.matches(finding)), None)


def check(reports: list[dict]) -> tuple[list[Finding], list[Finding]]:
    """(real findings, documented false positives), each listed once across the reports."""
    unique = list(dict.fromkeys(f for report in reports for f in findings(report)))
    real = [f for f in unique if allowed_by(f) is None]
    known = [f for f in unique if allowed_by(f) is not None]
    return real, known


def main(paths: list[str]) -> int:
    try:
        reports = [json.loads(Path(path).read_text()) for path in paths]
    except (OSError, ValueError) as error:
        print(f"cannot read a wapiti report: {error}")
        return 2
    for path, report in zip(paths, reports, strict=True):
        pages = report.get("infos", {}).get("crawled_pages_nbr", "?")
        print(f"{Path(path).name}: {pages} requests crawled")
    real, known = check(reports)
    for finding in known:
        print(f"documented false positive: {finding}")
    for finding in real:
        print(f"FINDING: {finding}")
    print(f"{len(real)} findings, {len(known)} documented false positives")
    return 1 if real else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
