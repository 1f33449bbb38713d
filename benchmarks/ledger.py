"""The public record at city scale: append 1,000,000 leaves, then time appends and proofs.

    .venv/bin/python benchmarks/ledger.py --database-url postgresql+psycopg://…/engage_ledger_bench

Issue 19's targets: append under 2 ms per leaf, inclusion and consistency proofs under
20 ms, at 1,000,000 leaves. The database is emptied and migrated first. The leaves are
written in bulk by default (--fill bulk: the hashes and nodes of engage.ledger.merkle,
exactly what service.append writes, many rows per statement; --fill service appends
them one by one through the service, which takes hours on a loaded machine); then, at
full size,
--samples appends each in its own transaction (a job per event, as on the site) and
--samples proofs of each kind (random leaves and sizes), through the service, timed
one by one. The numbers are printed as a Markdown table for benchmarks/RESULTS.md.

--drain K times the append job's drain on synthetic entries; --real K times the site's
own job (engage.ledger.events.record_many) on real comments, made once at 5% of the
city set. --reuse measures a log an earlier run filled (fill on a busy machine, measure
on a quiet one):

    .venv/bin/python benchmarks/ledger.py --database-url … --samples 20
    .venv/bin/python benchmarks/ledger.py --database-url … --reuse --samples 300 \
        --batches 1,10,100,1000 --drain 1,5,20,100 --real 1,5,20
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


SYNTHETIC = "synthetic"


def _entry(i: int) -> tuple[str, str, dict]:
    digest = hashlib.sha256(f"comment {i}".encode()).hexdigest()
    content = {
        "author": f"p-{hashlib.sha256(str(i % 20000).encode()).hexdigest()[:16]}",
        "consultation_id": i % 50 + 1,
        "content_sha256": digest,
        "id": i,
        "time": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}T12:00:00Z",
    }
    # Not a kind the site logs: the comments of --real are logged as "comment" beside them.
    return SYNTHETIC, str(i), content


def _bulk_fill(leaves: int, batch: int) -> None:
    """The rows service.append would write, from the same functions, many per statement."""
    from sqlalchemy import insert

    from engage.extensions import db
    from engage.ledger import merkle
    from engage.ledger.models import LedgerLeaf, LedgerNode

    edge: dict[tuple[int, int], bytes] = {}
    now = datetime.now(UTC)
    leaf_rows, node_rows = [], []
    for i in range(leaves):
        kind, public_id, content = _entry(i)
        entry = merkle.canonical_json({"kind": kind, "id": public_id, "content": content})
        hashed = merkle.leaf_hash(entry)
        leaf_rows.append(
            {
                "index": i,
                "kind": kind,
                "public_id": public_id,
                "entry": entry.decode(),
                "leaf_hash": hashed,
                "created_at": now,
            }
        )
        for level, position, value in merkle.appended_nodes(
            i, hashed, lambda lv, pos: edge.pop((lv, pos))
        ):
            node_rows.append({"level": level, "position": position, "hash": value})
            edge[(level, position)] = value
        if len(leaf_rows) >= batch * 10:
            db.session.execute(insert(LedgerLeaf), leaf_rows)
            db.session.execute(insert(LedgerNode), node_rows)
            db.session.commit()
            leaf_rows, node_rows = [], []
        if (i + 1) % 100_000 == 0:
            print(f"{i + 1:>9,} leaves", flush=True)
    if leaf_rows:
        db.session.execute(insert(LedgerLeaf), leaf_rows)
        db.session.execute(insert(LedgerNode), node_rows)


DRAIN_JOB = "benchmarks.ledger.drain_job"


def _filled(leaves: int) -> bool:
    """Whether the database already holds a log of at least ``leaves`` leaves."""
    from sqlalchemy import inspect

    from engage.extensions import db
    from engage.ledger import service

    if "ledger_leaves" not in inspect(db.engine).get_table_names():
        return False
    filled = service.tree_size() >= leaves
    db.session.rollback()
    return filled


def drain_job(entries: list) -> int:
    """The append job's drain (engage.ledger.events.record_many) on synthetic entries: the
    lock, the events of the jobs waiting behind it (engage.jobs.waiting), two reads for
    all of them standing in for the job's reads (the rows, by primary key, and what the
    log holds for them), append_many, one commit, then those jobs off the queue
    (engage.jobs.taken)."""
    from sqlalchemy import select

    from engage import jobs
    from engage.extensions import db
    from engage.ledger import service
    from engage.ledger.models import LedgerLeaf

    service.lock_appends()
    drained = jobs.waiting(DRAIN_JOB)
    for _job_id, args in drained:
        entries = [*entries, *args[0]]
    ids = [public_id for _kind, public_id, _content in entries]
    # The rows (by primary key; leaves stand in for them), then the log's versions.
    list(db.session.scalars(select(LedgerLeaf).where(LedgerLeaf.index.in_(map(int, ids)))))
    logged = set(
        db.session.scalars(
            select(LedgerLeaf.public_id).where(
                LedgerLeaf.kind == SYNTHETIC, LedgerLeaf.public_id.in_(ids)
            )
        )
    )
    new = [entry for entry in entries if entry[1] not in logged]
    added = service.append_many(new)
    db.session.commit()
    jobs.taken([job_id for job_id, _args in drained])
    return added


def _drain(queue, per: int, rounds: int, requests: Iterator[tuple[str, list]]) -> _Timer:
    """``per`` requests each queue their job (``requests`` gives each its job's path and
    argument), then a worker runs the first job, which drains the rest: timed from the
    pop to the commit and the queue's clean-up, per leaf."""
    from rq.job import Job

    from engage.extensions import db
    from engage.ledger import service

    timer = _Timer()
    for _ in range(rounds):
        size = service.tree_size()
        db.session.rollback()
        for _ in range(per):
            queue.enqueue(*next(requests))
        with timer:
            job_id = queue.connection.lpop(queue.key).decode()
            Job.fetch(job_id, connection=queue.connection).perform()
        timer.wall[-1] /= per
        timer.cpu[-1] /= per
        if queue.count or service.tree_size() != size + per:
            raise RuntimeError("the job left jobs in the queue or events unlogged")
        db.session.expunge_all()
        db.session.rollback()
    return timer


def _unlogged_comments(needed: int) -> list[int]:
    """Comments the log does not hold yet: made the way benchmarks/generate.py makes the
    city (bulk inserts, which the listeners don't see) the first time, at 5% of its
    size (2,500 comments), then those an earlier run left unlogged."""
    from sqlalchemy import func, select

    from benchmarks import generate
    from engage.comments.models import Comment
    from engage.extensions import db
    from engage.ledger.models import LedgerLeaf

    if not db.session.scalar(select(func.count()).select_from(Comment)):
        gen = generate.Generator(scale=0.05, seed=19)
        for step in (
            generate.people,
            generate.consultations,
            generate.proposals_and_supports,
            generate.comments_and_votes,
        ):
            step(gen)
        generate.input_totals()
        generate.fix_sequences()
        db.session.commit()
    logged = set(
        db.session.scalars(select(LedgerLeaf.public_id).where(LedgerLeaf.kind == "comment"))
    )
    ids = [
        i
        for i in db.session.scalars(select(Comment.id).order_by(Comment.id))
        if str(i) not in logged
    ]
    db.session.rollback()
    if len(ids) < needed:
        raise SystemExit(f"--real needs {needed} unlogged comments; the database has {len(ids)}")
    return ids[:needed]


class _Timer:
    """Wall-clock time, and this process's CPU time (all of SQLite's work; for PostgreSQL
    the client's share only), in ms."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall.append((time.perf_counter() - self._wall) * 1000)
        self.cpu.append((time.process_time() - self._cpu) * 1000)


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.2f} | {p95:.2f} | {ordered[-1]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument(
        "--fill",
        choices=("bulk", "service", "many"),
        default="bulk",
        help="bulk: the same hashes and nodes as service.append, inserted in batches "
        "(fast); service: one service.append per leaf; many: service.append_many, "
        "--batch leaves per transaction (the append job's batched path)",
    )
    parser.add_argument(
        "--batches",
        default="1,10,100,1000",
        help="at full size, time service.append_many with these numbers of leaves per "
        "transaction (commit included), --samples leaves of each",
    )
    parser.add_argument(
        "--drain",
        default="",
        help="at full size, K requests each queue one event on Redis, then one job drains "
        "them all (the append job on a worker): K values, e.g. 1,5,20; --samples/K rounds",
    )
    parser.add_argument(
        "--real",
        default="",
        help="at full size, the same as --drain with the site's own job on real comments "
        "(made once, as benchmarks/generate.py makes them): K values, e.g. 1,5,20",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a log of at least --leaves leaves that an earlier run filled (and the "
        "leaves its measurements added), and only measure: the fill need not run on a "
        "quiet machine, the measurements should",
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("ENGAGE_ENV", "development")
    from flask_migrate import upgrade
    from sqlalchemy import text

    from engage import create_app
    from engage.extensions import db
    from engage.ledger import merkle, service

    app = create_app()
    rng = random.Random(19)
    with app.app_context():
        engine = db.engine
        reuse = args.reuse and _filled(args.leaves)
        if reuse:
            args.leaves = service.tree_size()
            print(f"reusing the log of {args.leaves:,} leaves", flush=True)
        elif engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        elif args.database_url.startswith("sqlite:///"):
            db.engine.dispose()
            Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        upgrade()

        started = time.perf_counter()
        if reuse:
            pass
        elif args.fill == "service":
            for i in range(args.leaves):
                service.append(*_entry(i))
                if (i + 1) % args.batch == 0:
                    db.session.commit()
                    db.session.expunge_all()
        elif args.fill == "many":
            for start in range(0, args.leaves, args.batch):
                end = min(args.leaves, start + args.batch)
                service.append_many([_entry(i) for i in range(start, end)])
                db.session.commit()
                if end % 100_000 < args.batch:
                    print(f"{end:>9,} leaves", flush=True)
        else:
            _bulk_fill(args.leaves, args.batch)
        db.session.commit()
        fill = (time.perf_counter() - started) / args.leaves * 1000
        if reuse:
            args.fill = "reused"
        print(f"filled {args.leaves:,} leaves ({args.fill}): {fill:.3f} ms per leaf", flush=True)

        appends = _Timer()
        for i in range(args.leaves, args.leaves + args.samples):
            with appends:
                service.append(*_entry(i))
                db.session.commit()
        db.session.expunge_all()
        # The batched path: one transaction per batch, the time per leaf.
        batched: dict[int, _Timer] = {}
        next_leaf = args.leaves + args.samples
        for per in (int(n) for n in args.batches.split(",") if n):
            timer = batched[per] = _Timer()
            for _ in range(max(20, args.samples // per)):
                entries = [_entry(i) for i in range(next_leaf, next_leaf + per)]
                next_leaf += per
                with timer:
                    service.append_many(entries)
                    db.session.commit()
                timer.wall[-1] /= per
                timer.cpu[-1] /= per
        drains: dict[int, _Timer] = {}
        reals: dict[int, _Timer] = {}
        if args.drain or args.real:
            app.config.update(REDIS_URL=args.redis_url, RQ_QUEUE="engage-ledger-bench")
            from engage import jobs
            from engage.ledger.listeners import RECORD_MANY

            queue = jobs.queue()
            queue.empty()
            synthetic = ((DRAIN_JOB, [_entry(i)]) for i in itertools.count(next_leaf))
            for per in (int(n) for n in args.drain.split(",") if n):
                drains[per] = _drain(queue, per, max(20, args.samples // per), synthetic)
            sizes = [int(n) for n in args.real.split(",") if n]
            if sizes:
                needed = sum(per * max(20, args.samples // per) for per in sizes)
                real = ((RECORD_MANY, [("comment", i)]) for i in _unlogged_comments(needed))
                for per in sizes:
                    reals[per] = _drain(queue, per, max(20, args.samples // per), real)
            queue.delete(delete_jobs=True)
        size = service.tree_size()

        inclusion, consistency, verified = _Timer(), _Timer(), 0
        for _ in range(args.samples):
            n = rng.randint(size // 2, size)
            leaf = rng.randrange(n)
            with inclusion:
                proof = service.inclusion_proof(leaf, n)
            db.session.rollback()
            m = rng.randint(1, n)
            with consistency:
                path = service.consistency_proof(m, n)
            db.session.rollback()
            if verified < 20:  # a few proofs checked end to end against the stored roots
                root_n, root_m = service.root_hash(n), service.root_hash(m)
                stored = service.leaf_at(leaf).leaf_hash
                merkle.verify_inclusion(leaf, n, stored, proof, root_n)
                merkle.verify_consistency(m, n, root_m, root_n, path)
                verified += 1
                db.session.rollback()

        start = time.perf_counter()
        service.sign_head()
        db.session.commit()
        sign = (time.perf_counter() - start) * 1000
        counts = {
            table: db.session.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("ledger_leaves", "ledger_nodes")
        }

    engine_name = "PostgreSQL" if args.database_url.startswith("postgresql") else "SQLite"
    print()
    print(
        f"### {engine_name}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores (shared)"
    )
    print()
    print(
        f"{counts['ledger_leaves']:,} leaves, {counts['ledger_nodes']:,} stored nodes; "
        f"{args.samples} samples of each operation at full size; {verified} proofs verified."
    )
    print()
    print("| operation | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | CPU max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, timer in (
        ("append, its own transaction (commit included)", appends),
        ("inclusion proof (random leaf, random size ≥ n/2)", inclusion),
        ("consistency proof (random sizes)", consistency),
    ):
        print(f"| {name} | {_ms(timer.wall)} | {_ms(timer.cpu)} |")
    for per, timer in batched.items():
        name = f"append_many, {per} per transaction: per leaf ({len(timer.wall)} batches)"
        print(f"| {name} | {_ms(timer.wall)} | {_ms(timer.cpu)} |")
    for per, timer in drains.items():
        name = f"drain: {per} requests' jobs, one run, per leaf ({len(timer.wall)} runs)"
        print(f"| {name} | {_ms(timer.wall)} | {_ms(timer.cpu)} |")
    for per, timer in reals.items():
        name = (
            f"the site's job (record_many) on real comments: {per} requests' jobs, one run, "
            f"per leaf ({len(timer.wall)} runs)"
        )
        print(f"| {name} | {_ms(timer.wall)} | {_ms(timer.cpu)} |")
    print()
    filling = (
        f"An earlier run's log of {args.leaves:,} leaves, reused."
        if args.fill == "reused"
        else f"Filling ({args.fill}): {fill:.3f} ms per leaf over {args.leaves:,} leaves."
    )
    print(
        f"{filling} Signing a head at full size: {sign:.1f} ms. Load average at the end: "
        f"{os.getloadavg()[0]:.1f}."
    )


if __name__ == "__main__":
    main()
