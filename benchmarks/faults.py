"""Faults during the mixed load (issue 20): each one scripted, bounded and repeatable.

    .venv/bin/python benchmarks/faults.py [--only postgres,redis,instance,mail]

Against `make stack`, each fault runs benchmarks/load.py's workload for --duration
seconds and breaks one component --at seconds in:

- postgres: PostgreSQL restarted (pg_ctlcluster ... restart; needs the local cluster);
- redis: Redis stopped (SHUTDOWN NOSAVE) for 20 s, then started again;
- instance: one gunicorn instance killed with SIGKILL (master and workers), started again
  10 s later as systemd's Restart=always would;
- mail: the stack's mail server stopped for 20 s, then started again.

For each: requests by status, 500s (must be 0), other failures (503 with Retry-After is
the clean answer while the database is away; 502 is nginx with no instance to try for a
POST, which it never retries), the error window in seconds, how long after the component
came back the last error was seen (recovery), and acknowledged writes missing from the
database afterwards (must be 0). Appends a table to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import load  # noqa: E402

STACK = ROOT / "instance" / "stack"
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
    "--save", "", "--appendonly", "no",
]  # fmt: skip


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="postgres,redis,instance,mail")
    parser.add_argument("--duration", type=float, default=45)
    parser.add_argument("--at", type=float, default=10, help="seconds into the run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--base", default=os.environ.get("STACK_BASE", "https://localhost:8443"))
    parser.add_argument(
        "--database-url", default=os.environ.get("STACK_DATABASE_URL", load.DEFAULT_DB)
    )
    parser.add_argument("--results", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--no-report", action="store_true")
    return parser.parse_args(argv)


def _cluster() -> list[str]:
    """The local PostgreSQL cluster's version and name (pg_lsclusters)."""
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    version, name = out.stdout.split()[:2]
    return [version, name]


def restart_postgres() -> tuple[float, float]:
    down = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *_cluster(), "restart"],
        check=True,
        capture_output=True,
    )
    return down, time.monotonic()


def stop_redis(seconds: float = 20) -> tuple[float, float]:
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
    down = time.monotonic()
    time.sleep(seconds)
    subprocess.run(REDIS_START, check=True, capture_output=True)
    return down, time.monotonic()


def kill_instance(port: int = 8001, seconds: float = 10) -> tuple[float, float]:
    pidfile = STACK / f"gunicorn-{port}.pid"
    master = int(pidfile.read_text())
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    for pid in [master, *map(int, children)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    down = time.monotonic()
    pidfile.unlink(missing_ok=True)
    time.sleep(seconds)
    subprocess.run(["bash", "deploy/stack.sh", "instance", str(port)], cwd=ROOT, check=True)
    return down, time.monotonic()


def stop_mail(seconds: float = 20) -> tuple[float, float]:
    pidfile = STACK / "smtp.pid"
    os.kill(int(pidfile.read_text()), signal.SIGTERM)
    down = time.monotonic()
    time.sleep(seconds)
    subprocess.run(["bash", "deploy/stack.sh", "mail"], cwd=ROOT, check=True)
    return down, time.monotonic()


FAULTS = {
    "postgres": ("PostgreSQL restarted", restart_postgres),
    "redis": ("Redis stopped for 20 s", stop_redis),
    "instance": ("one gunicorn instance SIGKILLed, back after 10 s", kill_instance),
    "mail": ("mail server stopped for 20 s", stop_mail),
}


def run_fault(args, name: str) -> dict:
    title, action = FAULTS[name]
    times: dict = {}

    def during(started: float):
        def fault():
            time.sleep(max(0.0, args.at - (time.monotonic() - started)))
            times["down"], times["back"] = action()

        thread = threading.Thread(target=fault, daemon=True)
        thread.start()
        times["thread"] = thread
        return times

    result = load.run_load(args, during=during)
    times["thread"].join(timeout=120)
    result["title"] = title
    return result


def row(result: dict) -> str:
    tally: load.Tally = result["tally"]
    fault = result["fault"]
    statuses: dict[int, int] = {}
    for by_status in tally.statuses.values():
        for status, n in by_status.items():
            statuses[status] = statuses.get(status, 0) + n
    total = sum(statuses.values())
    errors = [e for e in tally.errors]
    five_hundreds = statuses.get(500, 0)
    if errors:
        window = f"{errors[-1][0] - errors[0][0]:.1f}"
        recovery = max(0.0, errors[-1][0] - fault.get("back", errors[-1][0]))
        recovered = f"{recovery:.1f}"
    else:
        window, recovered = "0", "0"
    others = ", ".join(
        f"{s or 'no answer'}: {n}" for s, n in sorted(statuses.items()) if s == 0 or s >= 500
    )
    return (
        f"| {result['title']} | {total:,} | {total / result['took']:.0f} | {five_hundreds} | "
        f"{others or 'none'} | {window} | {recovered} | "
        f"{len(tally.acknowledged):,} | **{len(result['lost'])}** |"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    before = load.machine_line()
    rows = []
    failed = False
    for name in args.only.split(","):
        result = run_fault(args, name.strip())
        rows.append(row(result))
        print(rows[-1], flush=True)
        for at, what, path in result["tally"].errors[:10]:
            print(f"   {at - result['started']:.1f} s: {what} {path}", flush=True)
        failed |= bool(result["lost"]) or any(
            s == 500 for by in result["tally"].statuses.values() for s in by
        )
        time.sleep(5)  # let everything settle before the next one
    lines = [
        f"`benchmarks/faults.py` against `make stack`: the mixed load of load.py "
        f"({args.connections} connections, {args.duration:.0f} s each, the fault "
        f"{args.at:.0f} s in); {before}. Error window: first to last failed request; "
        "recovery: last failed request after the component was back.",
        "",
        "| Fault | Requests | Per second | 500s | Failures (5xx, no answer) | "
        "Error window s | Recovery s | Acknowledged writes | Lost |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
        *rows,
    ]
    print("\n".join(lines))
    if not args.no_report:
        load.append_results(args.results, "Faults during the mixed load (issue 20)", lines)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
