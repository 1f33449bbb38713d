"""Mixed load against the production stack (`make stack`), then a check that no
acknowledged write was lost (issue 20).

    .venv/bin/python benchmarks/load.py [--connections 64] [--duration 60]

The workload: 80% anonymous reads across consultations, proposals, threads and the
opinion map (these are what nginx's shared cache serves), 15% signed-in reads, 5% writes
(supports, comments, comment votes, opinion-map votes). Every write answered 303 or 200 is
recorded with what identifies it; afterwards each one is looked up in the database, and
any that is missing counts as lost. The client is Python (threads, one keep-alive TLS
connection each) on the same machine as the stack: it takes some of the CPU it measures.

People are signed in beforehand in this process (the app, on the stack's database and
secret key, with rate limits off): signing in 200 people from one address would meet the
sign-in limit, and signing in is not part of the workload. Their session cookies are then
used over HTTPS like a browser's.

``benchmarks/faults.py`` runs this same workload while it breaks things.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import ssl
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STACK = ROOT / "instance" / "stack"
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/engage_stack"
USER_AGENT = "engage-load/1"
DEMO_PASSWORD = "engage-demo"


@dataclass
class Person:
    user_id: int
    cookie: str
    token: str
    supports: list[int]  # proposals not supported yet
    comment_votes: list[int]  # comments not voted on yet
    statements: list[int]  # opinion statements not voted on yet


@dataclass
class Write:
    kind: str
    user_id: int
    target: int | str
    value: str = ""


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    errors: list[tuple[float, str, str]] = field(default_factory=list)  # (time, what, path)
    acknowledged: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, ms: float, path: str, at: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            by_status = self.statuses.setdefault(kind, {})
            by_status[status] = by_status.get(status, 0) + 1
            if status == 0 or status >= 500:
                self.errors.append((at, f"{kind} {status or 'no answer'}", path))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=os.environ.get("STACK_BASE", "https://localhost:8443"))
    parser.add_argument("--database-url", default=os.environ.get("STACK_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--results", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--no-report", action="store_true")
    return parser.parse_args(argv)


# Setting up ---------------------------------------------------------------------------------


def stack_app(database_url: str):
    """The app on the stack's database and secret key, rate limits off, no Redis."""
    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY=(STACK / "secret").read_text().strip(),
        RATELIMIT_ENABLED="false",
        ENGAGE_ENV="development",
    )
    os.environ.pop("REDIS_URL", None)
    from engage import create_app

    return create_app()


def sign_in_people(app, count: int) -> list[Person]:
    from sqlalchemy import text

    from engage.extensions import db

    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT u.id, u.email FROM users u WHERE u.email LIKE 'demo-%' "
                "AND u.email_verified_at IS NOT NULL ORDER BY u.id LIMIT :n"
            ),
            {"n": count},
        ).all()
        open_id = db.session.execute(
            text("SELECT id FROM consultations WHERE slug LIKE 'rules-for-police-use%'")
        ).scalar()
        proposals = db.session.scalars(
            text("SELECT id FROM proposals WHERE consultation_id = :c AND visibility = 'visible'"),
            {"c": open_id},
        ).all()
        comments = db.session.scalars(
            text("SELECT id FROM comments WHERE consultation_id = :c AND status = 'published'"),
            {"c": open_id},
        ).all()
        statements = db.session.scalars(
            text(
                "SELECT id FROM opinion_statements WHERE consultation_id = :c "
                "AND visibility = 'visible'"
            ),
            {"c": open_id},
        ).all()
        supported = set(db.session.execute(text("SELECT user_id, proposal_id FROM supports")).all())
        voted = set(db.session.execute(text("SELECT user_id, comment_id FROM comment_votes")).all())
        opinions = set(
            db.session.execute(text("SELECT user_id, statement_id FROM opinion_votes")).all()
        )
        authors = dict(db.session.execute(text("SELECT id, author_id FROM comments")).all())
    people = []
    for user_id, email in rows:
        client = app.test_client()
        client.environ_base.update(REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT=USER_AGENT)
        page = client.get("/account/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        answer = client.post(
            "/account/login",
            data={"csrf_token": token, "email": email, "password": DEMO_PASSWORD},
        )
        if answer.status_code != 303:
            continue
        page = client.get("/").get_data(as_text=True)
        token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
        cookie = client.get_cookie("session")
        people.append(
            Person(
                user_id=user_id,
                cookie=f"session={cookie.value}",
                token=token,
                supports=[p for p in proposals if (user_id, p) not in supported],
                comment_votes=[
                    c for c in comments if (user_id, c) not in voted and authors[c] != user_id
                ],
                statements=[s for s in statements if (user_id, s) not in opinions],
            )
        )
        for targets in (people[-1].supports, people[-1].comment_votes, people[-1].statements):
            random.shuffle(targets)
    return people


def read_paths(app) -> tuple[list[str], list[str]]:
    """Anonymous and signed-in read paths across the demo's consultations."""
    from sqlalchemy import text

    from engage.extensions import db

    with app.app_context():
        found = db.session.execute(
            text("SELECT slug, id FROM consultations WHERE published_at IS NOT NULL")
        ).all()
        slugs, consultation_ids = [r[0] for r in found], [r[1] for r in found]
        proposals = db.session.scalars(
            text("SELECT id FROM proposals WHERE visibility = 'visible'")
        ).all()
        opinion = db.session.scalars(
            text(
                "SELECT c.slug FROM consultations c JOIN opinion_maps m ON m.consultation_id = c.id"
            )
        ).all()
    anonymous = ["/", "/consultations/", "/search?q=cameras"]
    anonymous += [f"/consultations/{s}" for s in slugs]
    anonymous += [
        f"/comments/thread?target_type=consultation&target_id={i}" for i in consultation_ids
    ]
    anonymous += [f"/proposals/{p}" for p in proposals]
    anonymous += [f"/consultations/{s}/opinion-map/results" for s in opinion]
    signed_in = ["/", "/notifications", "/account/contributions"]
    signed_in += [f"/consultations/{s}" for s in slugs]
    signed_in += [f"/proposals/{p}" for p in proposals]
    signed_in += [f"/consultations/{s}/opinion-map" for s in opinion]
    return anonymous, signed_in


# The workload -------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTPS connection, reopened after a failure."""

    def __init__(self, base: str):
        scheme, _, rest = base.partition("://")
        self.host, _, port = rest.partition(":")
        self.port = int(port or 443)
        self.context = ssl._create_unverified_context()  # the stack's certificate is self-signed
        self.connection: http.client.HTTPSConnection | None = None

    def request(self, method: str, path: str, body: str | None, headers: dict) -> int:
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(
                    self.host, self.port, context=self.context, timeout=30
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection that nginx had closed: open a new one, once.
                self.close()
                if attempt or method == "POST":
                    return 0
            except OSError:
                self.close()
                return 0
        return 0

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def workload(args, people, anonymous, signed_in, consultation_slug, consultation_id, tally, stop):
    from urllib.parse import urlencode

    run = secrets.token_hex(3)
    counter = iter(range(10**9))
    counter_lock = threading.Lock()

    def next_number() -> int:
        with counter_lock:
            return next(counter)

    def write(person: Person) -> tuple[str, str, str, Write | None]:
        choice = random.random()
        if choice < 0.3 and person.supports:
            proposal = person.supports.pop()
            return (
                "write",
                f"/proposals/{proposal}/support",
                "",
                Write("support", person.user_id, proposal),
            )
        if choice < 0.55 and person.comment_votes:
            comment = person.comment_votes.pop()
            data = urlencode({"value": "up", "csrf_token": person.token})
            return (
                "write",
                f"/comments/{comment}/vote",
                data,
                Write("comment_vote", person.user_id, comment),
            )
        if choice < 0.8 and person.statements:
            statement = person.statements.pop()
            value = random.choice(["agree", "disagree", "pass"])
            data = urlencode(
                {"statement_id": statement, "value": value, "csrf_token": person.token}
            )
            path = f"/consultations/{consultation_slug}/opinion-map/vote"
            return "write", path, data, Write("opinion_vote", person.user_id, statement, value)
        body = f"Load {run}-{next_number()}: the cameras need clear rules and public logs."
        data = urlencode(
            {
                "target_type": "consultation",
                "target_id": consultation_id,
                "body": body,
                "csrf_token": person.token,
            }
        )
        return "write", "/comments", data, Write("comment", person.user_id, body)

    def worker(index: int) -> None:
        client = Client(args.base)
        mine = people[index :: args.connections] or people
        rng = random.Random(index)
        while not stop.is_set():
            roll = rng.random()
            headers = {"User-Agent": USER_AGENT}
            pending = None
            if roll < 0.80:
                kind, method, path, body = "anonymous read", "GET", rng.choice(anonymous), None
            else:
                person = rng.choice(mine)
                headers["Cookie"] = person.cookie
                if roll < 0.95:
                    kind, method, path, body = "signed-in read", "GET", rng.choice(signed_in), None
                else:
                    kind, path, body, pending = write(person)
                    method = "POST"
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                    headers["X-CSRFToken"] = person.token
                    headers["Referer"] = args.base + "/"  # CSRF over HTTPS checks it
                    body = body or urlencode({"csrf_token": person.token})
            started = time.perf_counter()
            status = client.request(method, path, body, headers)
            ms = (time.perf_counter() - started) * 1000
            tally.record(kind, status, ms, path, time.monotonic())
            if pending is not None and status in (200, 303):
                with tally.lock:
                    tally.acknowledged.append(pending)
        client.close()

    threads = [
        threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.connections)
    ]
    for thread in threads:
        thread.start()
    return threads


def run_load(args, during=None) -> dict:
    """Sign people in, run the mix for args.duration seconds (calling ``during(started)``
    in the meantime, for faults), then check every acknowledged write."""
    app = stack_app(args.database_url)
    people = sign_in_people(app, args.people)
    anonymous, signed_in = read_paths(app)
    from sqlalchemy import text

    from engage.extensions import db

    with app.app_context():
        slug, consultation_id = db.session.execute(
            text("SELECT slug, id FROM consultations WHERE slug LIKE 'rules-for-police-use%'")
        ).one()
    tally, stop = Tally(), threading.Event()
    started = time.monotonic()
    threads = workload(args, people, anonymous, signed_in, slug, consultation_id, tally, stop)
    fault = None
    if during is not None:
        fault = during(started)
    remaining = args.duration - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    took = time.monotonic() - started
    time.sleep(3)  # jobs after the last commits (the public record's entries)
    lost = lost_writes(app, tally.acknowledged)
    return {
        "people": len(people),
        "took": took,
        "tally": tally,
        "lost": lost,
        "started": started,
        "fault": fault,
    }


def lost_writes(app, acknowledged: list[Write]) -> list[Write]:
    """Every acknowledged write that the database doesn't have."""
    from sqlalchemy import text

    from engage.extensions import db

    lost = []
    with app.app_context():
        for _attempt in range(30):  # the database may still be coming back after a fault
            try:
                db.session.execute(text("SELECT 1"))
                break
            except Exception:  # noqa: BLE001
                db.session.rollback()
                time.sleep(1)
        supports = set(db.session.execute(text("SELECT user_id, proposal_id FROM supports")).all())
        votes = set(db.session.execute(text("SELECT user_id, comment_id FROM comment_votes")).all())
        opinions = dict(
            ((u, s), v)
            for u, s, v in db.session.execute(
                text("SELECT user_id, statement_id, value FROM opinion_votes")
            ).all()
        )
        bodies = set(
            db.session.execute(
                text("SELECT author_id, body FROM comments WHERE body LIKE 'Load %'")
            ).all()
        )
    values = {"agree": 1, "disagree": -1, "pass": 0}
    for w in acknowledged:
        found = {
            "support": lambda w: (w.user_id, w.target) in supports,
            "comment_vote": lambda w: (w.user_id, w.target) in votes,
            "opinion_vote": lambda w: opinions.get((w.user_id, w.target)) == values[w.value],
            "comment": lambda w: (w.user_id, w.target) in bodies,
        }[w.kind](w)
        if not found:
            lost.append(w)
    return lost


# Reporting ----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def table(result: dict) -> list[str]:
    tally: Tally = result["tally"]
    lines = [
        "| Requests | Count | Per second | p50 ms | p95 ms | p99 ms | Statuses |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    every: list[float] = []
    for kind in ("anonymous read", "signed-in read", "write"):
        values = tally.latencies.get(kind, [])
        every += values
        statuses = ", ".join(
            f"{s or 'none'}: {n}" for s, n in sorted(tally.statuses.get(kind, {}).items())
        )
        lines.append(
            f"| {kind} | {len(values):,} | {len(values) / result['took']:.0f} | "
            f"{statistics.median(values) if values else 0:.0f} | {percentile(values, 0.95):.0f} | "
            f"{percentile(values, 0.99):.0f} | {statuses} |"
        )
    lines.append(
        f"| all | {len(every):,} | {len(every) / result['took']:.0f} | "
        f"{statistics.median(every) if every else 0:.0f} | {percentile(every, 0.95):.0f} | "
        f"{percentile(every, 0.99):.0f} | errors (5xx or no answer): {len(tally.errors)} |"
    )
    return lines


def summary(result: dict) -> str:
    tally: Tally = result["tally"]
    by_kind: dict[str, int] = {}
    for w in tally.acknowledged:
        by_kind[w.kind] = by_kind.get(w.kind, 0) + 1
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
    return (
        f"Acknowledged writes: {len(tally.acknowledged):,} ({kinds}); "
        f"lost: **{len(result['lost'])}**."
    )


def machine_line() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores, load average before the run {load[0]:.1f}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def append_results(path: str, title: str, lines: list[str]) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write("\n" + "\n".join([f"## {title}", "", *lines]) + "\n")


def wrk(url: str, seconds: int = 10, connections: int = 64) -> tuple[float, float]:
    """Requests per second and p99 (ms) from wrk (Debian package wrk)."""
    import subprocess

    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rps, p99


def cache_lines(args) -> list[str]:
    """The busy consultation page for readers who are not signed in: through nginx's cache,
    and straight from one gunicorn instance (nothing cached), 10 s each."""
    if not shutil.which("wrk"):
        return ["(wrk is not installed: the cached/uncached comparison was skipped)"]
    path = "/consultations/rules-for-police-use-of-facial-recognition"
    wrk(args.base + path, seconds=2, connections=4)  # warm: the first answer fills the cache
    cached = wrk(args.base + path, connections=args.connections)
    uncached = wrk("http://127.0.0.1:8001" + path, connections=args.connections)
    return [
        "| Consultation page, not signed in | Requests/s | p99 ms |",
        "|---|---:|---:|",
        f"| through nginx's cache | {cached[0]:,.0f} | {cached[1]:.0f} |",
        f"| one instance, uncached | {uncached[0]:,.0f} | {uncached[1]:.0f} |",
        "",
        f"The cache serves {cached[0] / uncached[0]:.0f}x the uncached throughput (wrk, "
        f"{args.connections} connections).",
    ]


def main(argv=None) -> int:
    args = parse_args(argv)
    before = machine_line()
    cache = cache_lines(args)
    result = run_load(args)
    lines = [
        f"`benchmarks/load.py` against `make stack` (nginx, 2 gunicorn instances x 2 workers, "
        f"PostgreSQL, Redis), {args.connections} connections for {args.duration:.0f} s, "
        f"{result['people']} signed-in people; {before}. 80% anonymous reads, 15% signed-in "
        "reads, 5% writes. The client runs on the same cores.",
        "",
        *table(result),
        "",
        summary(result),
        "",
        *cache,
    ]
    print("\n".join(lines))
    if not args.no_report:
        append_results(args.results, "Mixed load through the production stack (issue 20)", lines)
    return 1 if result["lost"] or result["tally"].errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
