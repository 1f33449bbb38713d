"""Measure the key pages under gunicorn on generated data; write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py --database-url sqlite:///instance/bench.db --generate

For each page: SQL queries per request and server time (p50/p95, from gunicorn's own
per-request timing in its access log while under load), client latency (p50/p95) and
requests per second under concurrent load from ``wrk`` (Debian package ``wrk``), and
throughput as a share of the ceiling page (/_ceiling: the base layout, no queries).
Then a write mix (supports and comments from many signed-in people at once).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyotp  # noqa: E402

from benchmarks.generate import BENCH_PASSWORD, BENCH_TOTP_SECRET, BUSY_SLUG  # noqa: E402

P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("P50_US %d\\nP95_US %d\\n", latency:percentile(50),
                         latency:percentile(95)))
end
"""


@dataclass
class Page:
    name: str
    path: str
    role: str = "anonymous"  # or an email to sign in as


@dataclass
class Result:
    page: Page
    status: int = 0
    queries: int | None = None
    server_p50: float = 0.0
    server_p95: float = 0.0
    client_p50: float = 0.0
    client_p95: float = 0.0
    rps: float = 0.0
    notes: list[str] = field(default_factory=list)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    p.add_argument("--generate", action="store_true", help="(re)build the data set first")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    p.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    p.add_argument("--label", default="", help="a heading for this run, e.g. 'after fixes'")
    p.add_argument(
        "--only",
        default="",
        help="comma-separated parts of page names to measure, e.g. 'busy,draft'",
    )
    p.add_argument(
        "--app-dir",
        default=str(ROOT),
        help="serve the app from another checkout (e.g. an earlier commit, to "
        "compare before and after a change) on the same data",
    )
    p.add_argument("--no-writes", action="store_true", help="skip the write mix")
    return p.parse_args(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, workers: int, app_dir: Path = ROOT, target: str = "wsgi:app"):
        self.port = free_port()
        self.workers = workers
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="engage-bench-access-", suffix=".log")[1])
        env = dict(
            os.environ,
            DATABASE_URL=url,
            ENGAGE_ENV="production",
            SECRET_KEY=secrets.token_hex(32),
            SERVER_TIMING="1",
            BENCHMARK_CEILING="1",
            RATELIMIT_ENABLED="0",
            SESSION_COOKIE_SECURE="0",
            MAIL_URL="",
        )
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.proc = subprocess.Popen(
            [
                gunicorn,
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.log),
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(D)s",
                target,
            ],
            cwd=app_dir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()
                return
            except OSError:  # not listening yet, or still starting
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start: " + self.proc.stderr.read().decode()[-2000:])

    def requests_served(self) -> int:
        with self.log.open("rb") as f:
            return sum(1 for _ in f)

    def worker_stats(self) -> dict[int, dict]:
        """Each worker's /_stats (its memory and fragment cache), asked until every worker
        has answered: each request is a new connection, which any worker may take."""
        seen: dict[int, dict] = {}
        for _ in range(200):
            try:
                with urllib.request.urlopen(self.base + "/_stats", timeout=10) as r:
                    stats = json.load(r)
            except urllib.error.HTTPError:  # an earlier version of the app (--app-dir)
                return seen
            seen[stats["pid"]] = stats
            if len(seen) >= self.workers:
                break
        return seen

    def log_offset(self) -> int:
        return self.log.stat().st_size

    def server_times_ms(self, since: int, path: str) -> list[float]:
        with self.log.open("rb") as f:
            f.seek(since)
            lines = f.read().decode(errors="replace").splitlines()
        times = []
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[1] == path:
                times.append(int(parts[3]) / 1000)
        return times

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.unlink(missing_ok=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


VERIFY_PATH = "/account/two-factor/verify"


class Browser:
    """A signed-in (or anonymous) HTTP client with a cookie jar."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.jar)
        self.opener = urllib.request.build_opener(cookies)
        # Posts are timed on their own: the 303 is the answer, the page after it is not.
        self.poster = urllib.request.build_opener(cookies, _NoRedirect())

    def get(self, path: str) -> tuple[int, dict, str]:
        status, headers, html, _url = self.fetch(path)
        return status, headers, html

    def fetch(self, path: str) -> tuple[int, dict, str, str]:
        """The answer after redirects, and the path it came from."""
        try:
            with self.opener.open(self.base + path, timeout=30) as r:
                final = r.geturl().removeprefix(self.base)
                return r.status, dict(r.headers), r.read().decode(errors="replace"), final
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode(errors="replace"), path

    def post(self, path: str, data: dict, token: str) -> int:
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"X-CSRFToken": token}
        )
        try:
            with self.poster.open(request, timeout=30) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def token(self, path: str = "/") -> str:
        _status, _headers, html = self.get(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'"X-CSRFToken"\s*:\s*"([^"]+)"', html
        )
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def sign_in(self, email: str) -> None:
        token = self.token("/account/login")
        status = self.post("/account/login", {"email": email, "password": BENCH_PASSWORD}, token)
        if status >= 400:
            raise RuntimeError(f"could not sign in as {email}: {status}")
        # Staff accounts have a second step: the code their authenticator shows now.
        status, _headers, html, final = self.fetch(VERIFY_PATH)
        if final == VERIFY_PATH:
            token = self.token(VERIFY_PATH)
            code = pyotp.TOTP(BENCH_TOTP_SECRET).now()
            status = self.post(VERIFY_PATH, {"code": code}, token)
            if status != 303 or self.fetch(VERIFY_PATH)[3] == VERIFY_PATH:
                raise RuntimeError(f"could not finish the second sign-in step as {email}")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def pages(url: str) -> list[Page]:
    """The pages to measure, with ids looked up in the generated data."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        big = conn.execute(
            text("SELECT id FROM proposals ORDER BY comment_count DESC LIMIT 1")
        ).scalar()
        moderator = conn.execute(
            text("SELECT email FROM users WHERE email LIKE 'moderator%' ORDER BY id LIMIT 1")
        ).scalar()
        resident = conn.execute(
            text("SELECT email FROM users WHERE email LIKE 'person%' ORDER BY id LIMIT 1")
        ).scalar()
    engine.dispose()
    result = [
        Page("ceiling (base layout, no queries)", "/_ceiling"),
        Page("home", "/"),
        Page("consultation list", "/consultations/"),
        Page("busy consultation (2,000 proposals)", f"/consultations/{BUSY_SLUG}"),
        # The same page rendered live for a signed-in resident (the one above may be the
        # content kept READER_PAGE_SECONDS for readers who are not signed in).
        Page("busy consultation, signed in", f"/consultations/{BUSY_SLUG}", role=resident),
        Page("proposal with 1,000 comments", f"/proposals/{big}"),
    ]
    result += optional_pages(url, moderator, resident)
    return with_signed_in_twins(result, resident)


# Issue 23's key pages, measured for a signed-in resident too (their "..., signed in" twin
# follows each): signed in, nothing is served from the readers' page cache.
SIGNED_IN_TWINS = (
    "home",
    "consultation list",
    "proposal with 1,000 comments",
    "draft (200 clauses)",
    "draft diff",
    "amendments list",
    "public moderation log",
    "outcome report",
    "accountability dashboard",
    "API: proposals",
)


def with_signed_in_twins(pages: list[Page], resident: str | None) -> list[Page]:
    out = []
    for page in pages:
        out.append(page)
        if resident and page.role == "anonymous" and page.name.startswith(SIGNED_IN_TWINS):
            out.append(Page(f"{page.name}, signed in", page.path, role=resident))
    return out


def optional_pages(url: str, moderator: str, resident: str | None = None) -> list[Page]:
    """Pages of features that exist in this version of the app (looked up by endpoint)."""
    from benchmarks.pages import feature_pages

    return feature_pages(url, moderator, resident)


def measure(server: Server, page: Page, args, browsers: dict[str, Browser]) -> Result:
    result = Result(page)
    browser = browsers.get(page.role)
    if browser is None:
        browser = Browser(server.base)
        if page.role != "anonymous":
            browser.sign_in(page.role)
        browsers[page.role] = browser
    counts = set()
    for _ in range(5):  # warm-up, and the query count
        status, headers, _html, final = browser.fetch(page.path)
        result.status = status
        if "X-Query-Count" in headers:
            counts.add(int(headers["X-Query-Count"]))
    result.queries = max(counts) if counts else None
    if len(counts) > 1:
        result.notes.append(f"query count varied: {sorted(counts)}")
    if result.status != 200:
        result.notes.append(f"status {result.status}")
        return result
    if final != page.path:
        # A redirect (to sign in, or to set up a second factor) would measure another page.
        result.status = 303
        result.notes.append(f"redirected to {final}: not measured")
        return result
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(P95_SCRIPT)
    command = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        "-s",
        script.name,
    ]
    if browser.jar:
        command += ["-H", f"Cookie: {browser.cookie_header()}"]
    offset = server.log_offset()
    out = subprocess.run(
        command + [server.base + page.path], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(script.name)
    result.rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    result.client_p50 = int(re.search(r"P50_US (\d+)", out).group(1)) / 1000
    result.client_p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        result.notes.append(f"{non_2xx.group(1)} error responses under load")
    time.sleep(0.5)  # let gunicorn flush its access log
    times = sorted(server.server_times_ms(offset, urllib.parse.urlsplit(page.path).path))
    if times:
        result.server_p50 = statistics.median(times)
        result.server_p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return result


def write_mix(server: Server, args, url: str) -> dict:
    """Signed-in residents support proposals, vote on comments and comment at the same time."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        proposals = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT p.id FROM proposals p JOIN consultations c ON c.id = p.consultation_id "
                    f"WHERE c.slug = '{BUSY_SLUG}' ORDER BY p.id LIMIT 500"
                )
            )
        ]
        consultation_id = conn.execute(
            text(f"SELECT id FROM consultations WHERE slug = '{BUSY_SLUG}'")
        ).scalar()
        comments = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT id FROM comments WHERE consultation_id = :c AND status = 'published' "
                    "ORDER BY id LIMIT 500"
                ),
                {"c": consultation_id},
            )
        ]
        emails = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT email FROM users WHERE email LIKE 'person%' ORDER BY id DESC LIMIT :n"
                ),
                {"n": args.connections},
            )
        ]
    engine.dispose()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    people = []
    for email in emails:  # signing in is not part of the measurement
        browser = Browser(server.base)
        browser.sign_in(email)
        people.append((browser, browser.token("/")))
    deadline = time.monotonic() + args.duration

    def person(index: int, browser: Browser, token: str) -> None:
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if n % 3 == 1:
                proposal = proposals[(index * 131 + n) % len(proposals)]
                path, data = f"/proposals/{proposal}/support", {}
            elif n % 3 == 2:
                comment = comments[(index * 97 + n) % len(comments)]
                path, data = f"/comments/{comment}/vote", {"value": "up" if n % 2 else "down"}
            else:
                path = "/comments"
                data = {
                    "target_type": "consultation",
                    "target_id": consultation_id,
                    "body": f"Benchmark comment {index}-{n}: cameras need clear rules.",
                }
            started = time.perf_counter()
            status = browser.post(path, data, token)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=person, args=(i, *p)) for i, p in enumerate(people)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / took if took else 0,
        "p50": statistics.median(latencies) if latencies else 0,
        "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0,
        "statuses": statuses,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def report(
    args,
    engine: str,
    results: list[Result],
    writes: dict | None,
    workers: dict[int, dict] | None = None,
    served: int = 0,
) -> str:
    ceiling = next((r.rps for r in results if r.page.path == "/_ceiling"), 0) or 1
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = (
        subprocess.run(
            ["git", "-C", args.app_dir, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        or "unknown"
    )
    lines = [
        f"## {engine}{' — ' + args.label if args.label else ''} (commit {commit}, {when})",
        "",
        f"Machine: {machine()}. gunicorn with {args.workers} sync workers; wrk with "
        f"{args.connections} connections for {args.duration} s per page.",
        "",
        "| page | queries | server p50 ms | server p95 ms | client p50 ms | client p95 ms "
        "| req/s | % of ceiling | notes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        if not r.rps:  # not measured (an error or a redirect): no figures to compare
            queries = r.queries if r.queries is not None else "?"
            dashes = " | ".join("–" * 6)
            lines.append(f"| {r.page.name} | {queries} | {dashes} | {'; '.join(r.notes)} |")
            continue
        lines.append(
            f"| {r.page.name} | {r.queries if r.queries is not None else '?'} "
            f"| {r.server_p50:.1f} | {r.server_p95:.1f} | {r.client_p50:.1f} "
            f"| {r.client_p95:.1f} | {r.rps:.0f} | {100 * r.rps / ceiling:.0f}% "
            f"| {'; '.join(r.notes)} |"
        )
    if writes:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(writes["statuses"].items()))
        lines += [
            "",
            f"Write mix (supports, votes on comments and comments in turn, "
            f"{args.connections} signed-in people "
            f"at once, {args.duration} s): {writes['requests']} requests, "
            f"{writes['rps']:.0f} req/s, p50 {writes['p50']:.1f} ms, "
            f"p95 {writes['p95']:.1f} ms; statuses {statuses}.",
        ]
    if workers:
        mib = 1024 * 1024
        lines += ["", f"Workers after the {served:,} requests of this run:"]
        for pid, w in sorted(workers.items()):
            kept = w["fragments"]
            asked = kept["hits"] + kept["misses"]
            rate = f"{100 * kept['hits'] / asked:.0f}%" if asked else "–"
            lines.append(
                f"- worker {pid}: RSS {w['rss_bytes'] / mib:.0f} MiB (peak "
                f"{w['peak_rss_bytes'] / mib:.0f} MiB); fragment cache {kept['entries']:,} "
                f"pieces, {kept['bytes'] / mib:.1f} of {kept['max_bytes'] / mib:.0f} MiB, "
                f"hit rate {rate} ({kept['hits']:,} hits, {kept['misses']:,} kept)"
            )
    return "\n".join(lines) + "\n"


def _print(result: Result) -> None:
    print(
        f"{result.page.name}: {result.queries} queries, server p95 {result.server_p95:.1f} ms,"
        f" {result.rps:.0f} req/s {'; '.join(result.notes)}",
        file=sys.stderr,
    )


BARE = "bare Flask route (a 10 KB Jinja page, nothing else)"


def measure_bare(args) -> Result:
    """benchmarks/bare_app.py under the same gunicorn and load: what Flask, Jinja and
    gunicorn cost alone, beside which the ceiling shows Engage's per-request work."""
    bare = Server("", args.workers, ROOT, target="benchmarks.bare_app:app")
    try:
        return measure(bare, Page(BARE, "/_bare"), args, {})
    finally:
        bare.stop()


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    url = args.database_url or f"sqlite:///{ROOT / 'instance' / 'bench.db'}"
    from config import _normalise_db_url

    url = _normalise_db_url(url)
    if args.generate:
        from benchmarks import generate

        code = generate.main(["--database-url", url, "--reset", "--scale", str(args.scale)])
        if code:
            return code
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    server = Server(url, args.workers, Path(args.app_dir))
    try:
        browsers: dict[str, Browser] = {}
        results = []
        only = {name.strip() for name in args.only.split(",") if name.strip()}
        for page in pages(url):
            if only and not any(part in page.name for part in only) and page.path != "/_ceiling":
                continue
            result = measure(server, page, args, browsers)
            _print(result)
            results.append(result)
            if page.path == "/_ceiling":
                results.append(measure_bare(args))
                _print(results[-1])
        writes = None if args.no_writes else write_mix(server, args, url)
        if writes:
            print(f"write mix: {writes}", file=sys.stderr)
        workers = server.worker_stats()
        served = server.requests_served()
    finally:
        server.stop()
    text = report(args, engine, results, writes, workers, served)
    output = Path(args.output)
    previous = output.read_text() if output.exists() else "# Benchmark results\n\n"
    output.write_text(previous.rstrip() + "\n\n" + text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
