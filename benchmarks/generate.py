"""Build a city-scale data set for the benchmarks: deterministic, bulk-inserted.

    .venv/bin/python benchmarks/generate.py --database-url sqlite:///instance/bench.db --reset

At scale 1: 20,000 residents, 50 consultations, one busy consultation with 2,000
proposals, 50,000 threaded comments (one proposal has 1,000), 300,000 supports and
comment votes, a 200-clause draft with 2,000 amendments, moderation history and
outcomes (see ``steps``). The same seed
gives the same data. Counters stored on parents are computed here, exactly as the
services would keep them. Every account's password is ``BENCH_PASSWORD``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "engage-bench-password"  # noqa: S105 - benchmark accounts only
# Staff roles count only with a second factor (engage.two_factor): every generated staff
# account is enrolled with this key, and the benchmark signs in with its current code.
BENCH_TOTP_SECRET = "ENGAGEBENCHTOTPKEYFORBENCHMARKS2"  # noqa: S105 - benchmark accounts only
BUSY_SLUG = "busy-consultation"
BATCH = 5_000
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # data is dated around here; open ones stay open

_PROSE = (
    "camera data sensor privacy council street residents policy algorithm record "
    "public school transport health housing consent audit review retention access "
    "neighbourhood library park safety notice oversight contract vendor model risk "
    "report decision appeal fair open local city budget energy water traffic light"
)
WORDS = _PROSE.split()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="where to write (default: DATABASE_URL, else instance/bench.db)",
    )
    p.add_argument("--scale", type=float, default=1.0, help="1 = the city-scale set")
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument(
        "--reset", action="store_true", help="empty the database first (drops every table)"
    )
    return p.parse_args(argv)


class Generator:
    def __init__(self, scale: float, seed: int):
        self.scale = scale
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.ids: dict[str, list[int]] = defaultdict(list)

    def n(self, base: int) -> int:
        return max(1, int(base * self.scale))

    def sentence(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence(self.rng.randint(6, 16)) for _ in range(sentences))


def insert_rows(table, rows: list[dict], label: str, gen: Generator) -> None:
    """Insert in batches inside the current transaction, with a progress bar."""
    import click
    from sqlalchemy import insert

    from engage.extensions import db

    if not rows:
        return
    # executemany needs the same keys in every row; a key some rows leave out gets the
    # column's own default there (or NULL).
    keys = set().union(*(r.keys() for r in rows))
    fill = {}
    for k in keys:
        default = table.c[k].default
        fill[k] = default.arg if default is not None and default.is_scalar else None
    for r in rows:
        for k in keys - r.keys():
            r[k] = fill[k]
    with click.progressbar(length=len(rows), label=f"{label:<22}", file=sys.stderr) as bar:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            db.session.execute(insert(table), chunk)
            bar.update(len(chunk))
    gen.counts[label] = gen.counts.get(label, 0) + len(rows)


# --- the steps -------------------------------------------------------------------------


def people(gen: Generator) -> None:
    from werkzeug.security import generate_password_hash

    from engage.accounts.models import User, UserRole
    from engage.consultations.models import Department

    departments = [
        {"id": i, "slug": f"department-{i}", "name": f"Department of {name}"}
        for i, name in enumerate(
            ("Digital Services", "Policing", "Transport", "Housing", "Health"), start=1
        )
    ]
    insert_rows(Department.__table__, departments, "departments", gen)
    gen.ids["department"] = [d["id"] for d in departments]
    password = generate_password_hash(BENCH_PASSWORD)
    users, roles = [], []
    staff = {"moderator": 10, "official": 10, "admin": 2}
    total = gen.n(20_000) + sum(staff.values())
    for uid in range(1, total + 1):
        users.append(
            {
                "id": uid,
                "email": f"person{uid:05d}@bench.example.org",
                "display_name": f"Resident {uid:05d}",
                "password_hash": password,
                "locale": gen.rng.choice(("en", "en", "en", "es", "ar")),
                "email_verified_at": NOW - timedelta(days=400),
                "created_at": NOW - timedelta(days=gen.rng.randint(30, 900)),
                "totp_secret": None,
                "totp_enrolled_at": None,
            }
        )
        roles.append({"user_id": uid, "role": "resident"})
    uid = gen.n(20_000)
    for role, count in staff.items():
        for _ in range(count):
            uid += 1
            roles.append({"user_id": uid, "role": role})
            gen.ids[role].append(uid)
            users[uid - 1]["display_name"] = f"{role.title()} {uid:05d}"
            users[uid - 1]["email"] = f"{role}{uid:05d}@bench.example.org"
            users[uid - 1]["totp_secret"] = BENCH_TOTP_SECRET
            users[uid - 1]["totp_enrolled_at"] = NOW - timedelta(days=300)
            if role == "official":
                users[uid - 1]["department_id"] = gen.rng.choice(gen.ids["department"])
    gen.ids["resident"] = list(range(1, gen.n(20_000) + 1))
    insert_rows(User.__table__, users, "users", gen)
    insert_rows(UserRole.__table__, roles, "roles", gen)


def consultations(gen: Generator) -> None:
    from engage.consultations.models import Consultation, Topic
    from engage.extensions import db

    topics = list(db.session.scalars(db.select(Topic.id)))
    rows = []
    for cid in range(1, 51):
        busy = cid == 1
        # 1 busy and open; then open, upcoming, closed and outcome-published ones; 3 drafts.
        kind = "open" if busy else ("open", "upcoming", "closed", "closed", "outcome")[cid % 5]
        if cid > 47:
            kind = "draft"
        opens = {"open": NOW - timedelta(days=20), "upcoming": NOW + timedelta(days=10)}.get(
            kind, NOW - timedelta(days=120)
        )
        closes = opens + timedelta(days=60)
        if kind == "open":
            closes = NOW + timedelta(days=3650)  # stays open whenever the benchmark runs
        official = gen.rng.choice(gen.ids["official"])
        title = (
            "Busy consultation: city-wide camera and sensor rules"
            if busy
            else (f"Consultation {cid}: " + gen.sentence(6).rstrip("."))
        )
        rows.append(
            {
                "id": cid,
                "slug": BUSY_SLUG if busy else f"consultation-{cid}",
                "title": title[:200],
                "topic_id": gen.rng.choice(topics),
                "department_id": gen.rng.choice(gen.ids["department"]),
                "official_id": official,
                "created_by_id": official,
                "summary": gen.paragraph(2),
                "easy_read_summary": gen.paragraph(1),
                "body": "\n\n".join(gen.paragraph(4) for _ in range(5)),
                "commitment": gen.paragraph(1),
                "opens_at": opens,
                "closes_at": closes,
                "support_threshold": 100,
                "published_at": None if kind == "draft" else opens - timedelta(days=14),
                "outcome_published_at": closes + timedelta(days=30) if kind == "outcome" else None,
                "created_at": opens - timedelta(days=30),
            }
        )
    insert_rows(Consultation.__table__, rows, "consultations", gen)
    gen.ids["consultation"] = [r["id"] for r in rows if r["published_at"]]
    gen.consultation_rows = {r["id"]: r for r in rows}


def proposals_and_supports(gen: Generator) -> None:
    from engage.proposals.models import Proposal, Support

    rows, pid = [], 0
    by_consultation: dict[int, list[int]] = defaultdict(list)
    for cid in gen.ids["consultation"]:
        count = {1: gen.n(2_000), 4: gen.n(500)}.get(cid, gen.n(20))  # 4: see generate_features
        c = gen.consultation_rows[cid]
        for _ in range(count):
            pid += 1
            created = c["opens_at"] + timedelta(minutes=gen.rng.randint(0, 20 * 24 * 60))
            rows.append(
                {
                    "id": pid,
                    "consultation_id": cid,
                    "author_id": gen.rng.choice(gen.ids["resident"]),
                    "title": gen.sentence(gen.rng.randint(4, 10))[:200],
                    "body": "\n\n".join(gen.paragraph() for _ in range(2)),
                    "created_at": created,
                    "updated_at": created,
                    "support_count": 0,
                    "comment_count": 0,
                }
            )
            by_consultation[cid].append(pid)
    gen.ids["proposal"] = [r["id"] for r in rows]
    gen.proposals_by_consultation = by_consultation
    gen.proposal_rows = {r["id"]: r for r in rows}

    # Supports: skewed, as in life — a few proposals get most of them.
    total = gen.n(200_000)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(rows))]
    seen: set[tuple[int, int]] = set()
    supports = []
    residents = gen.ids["resident"]
    while len(supports) < total:  # one per person per proposal, so draw until there are enough
        for proposal_id in gen.rng.choices(
            gen.ids["proposal"], weights=weights, k=total - len(supports)
        ):
            user_id = gen.rng.choice(residents)
            if (proposal_id, user_id) in seen:
                continue
            seen.add((proposal_id, user_id))
            supports.append(
                {
                    "proposal_id": proposal_id,
                    "user_id": user_id,
                    "created_at": NOW - timedelta(minutes=gen.rng.randint(0, 40_000)),
                }
            )
    per_proposal = Counter(s["proposal_id"] for s in supports)
    for r in rows:
        r["support_count"] = per_proposal.get(r["id"], 0)
        threshold = gen.consultation_rows[r["consultation_id"]]["support_threshold"]
        if r["support_count"] >= threshold:
            r["threshold_reached_at"] = r["created_at"] + timedelta(days=3)
            r["response_due_at"] = r["threshold_reached_at"] + timedelta(days=30)
    gen.supports = supports
    gen.proposal_table_rows = rows
    gen.Proposal, gen.Support = Proposal, Support


def comments_and_votes(gen: Generator) -> None:
    from engage.comments.models import Comment, CommentVote

    busy_proposals = gen.proposals_by_consultation[1]
    gen.big_proposal_id = busy_proposals[0]
    plan: list[tuple[str, int, int, int]] = []  # (target_type, target_id, consultation, count)
    total = gen.n(50_000)
    plan.append(("proposal", gen.big_proposal_id, 1, min(gen.n(1_000), total)))
    remaining = total - plan[0][3]
    on_consultation = remaining // 5
    extra = getattr(gen, "extra_targets", [])  # e.g. the draft's clauses
    if extra:
        share = Counter(gen.rng.choice(extra) for _ in range(on_consultation // 5))
        plan.extend((kind, tid, cid, n) for (kind, tid, cid), n in sorted(share.items()))
        on_consultation -= sum(share.values())
    plan.append(("consultation", 1, 1, on_consultation))
    remaining -= remaining // 5
    spread = busy_proposals[1:] or busy_proposals
    per = Counter(gen.rng.choice(spread) for _ in range(remaining))
    plan.extend(("proposal", pid, 1, n) for pid, n in sorted(per.items()))

    rows: list[dict] = []
    stances = ("in_favour", "against", "neutral", None)
    cid = 0
    for target_type, target_id, consultation_id, count in plan:
        start = cid
        for i in range(count):
            cid += 1
            parent = None
            if i > 3 and gen.rng.random() < 0.6:
                parent = rows[gen.rng.randint(start, cid - 2)]
                if parent["depth"] >= 6:
                    parent = None
            created = NOW - timedelta(minutes=(total - cid) * 2)
            rows.append(
                {
                    "id": cid,
                    "target_type": target_type,
                    "target_id": target_id,
                    "consultation_id": consultation_id,
                    "parent_id": parent["id"] if parent else None,
                    "root_id": (parent["root_id"] or parent["id"]) if parent else None,
                    "depth": parent["depth"] + 1 if parent else 0,
                    "author_id": gen.rng.choice(gen.ids["resident"]),
                    "body": gen.paragraph(gen.rng.randint(1, 3)),
                    "stance": gen.rng.choice(stances)
                    if (parent is None and target_type == "proposal")
                    else None,
                    "status": "published",
                    "created_at": created,
                    "upvotes": 0,
                    "downvotes": 0,
                    "score": 0,
                    "reply_count": 0,
                }
            )
            if parent:
                parent["reply_count"] += 1
    votes, seen = [], set()
    vote_target = gen.n(100_000)
    comment_ids = [r["id"] for r in rows]
    weights = [1.0 / (i % 500 + 1) for i in range(len(comment_ids))]
    drawn: list[int] = []
    while len(seen) < vote_target:  # one vote per person per comment
        drawn = gen.rng.choices(comment_ids, weights=weights, k=vote_target - len(seen))
        for comment_id in drawn:
            user_id = gen.rng.choice(gen.ids["resident"])
            if (comment_id, user_id) not in seen:
                seen.add((comment_id, user_id))
                votes.append(_vote(gen, rows, comment_id, user_id))
    per_target = Counter((r["target_type"], r["target_id"]) for r in rows)
    for p in gen.proposal_table_rows:
        p["comment_count"] = per_target.get(("proposal", p["id"]), 0)
    for c in gen.consultation_rows.values():
        c["comment_count"] = per_target.get(("consultation", c["id"]), 0)
        c["proposal_count"] = len(gen.proposals_by_consultation.get(c["id"], ()))
    gen.comment_rows = rows

    from sqlalchemy import bindparam, update

    from engage.consultations.models import Consultation
    from engage.extensions import db

    insert_rows(gen.Proposal.__table__, gen.proposal_table_rows, "proposals", gen)
    insert_rows(gen.Support.__table__, gen.supports, "supports", gen)
    insert_rows(Comment.__table__, rows, "comments", gen)
    insert_rows(CommentVote.__table__, votes, "comment votes", gen)
    table = Consultation.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == bindparam("cid"))
        .values(comment_count=bindparam("cc"), proposal_count=bindparam("pc")),
        [
            {"cid": c["id"], "cc": c["comment_count"], "pc": c["proposal_count"]}
            for c in gen.consultation_rows.values()
        ],
        execution_options={"synchronize_session": False},
    )


def _vote(gen: Generator, rows: list[dict], comment_id: int, user_id: int) -> dict:
    value = 1 if gen.rng.random() < 0.75 else -1
    r = rows[comment_id - 1]
    r["upvotes" if value > 0 else "downvotes"] += 1
    r["score"] += value
    return {"comment_id": comment_id, "user_id": user_id, "value": value, "created_at": NOW}


def search_index(gen: Generator) -> None:
    import click

    from engage.search import service as search

    docs = [
        (
            "consultation",
            c["id"],
            c["id"],
            c["title"],
            c["summary"] + "\n\n" + c["body"],
            c["published_at"] is not None,
        )
        for c in gen.consultation_rows.values()
    ]
    docs += [
        ("proposal", p["id"], p["consultation_id"], p["title"], p["body"], True)
        for p in gen.proposal_table_rows
    ]
    docs += [
        ("comment", c["id"], c["consultation_id"], "", c["body"], True) for c in gen.comment_rows
    ]
    with click.progressbar(docs, label=f"{'search index':<22}", file=sys.stderr) as bar:
        for kind, ref_id, consultation_id, title, body, public in bar:
            search.index(kind, ref_id, consultation_id, title, body, public=public)
    gen.counts["search documents"] = len(docs)


def steps() -> list:
    from benchmarks import generate_features as more

    return [
        people,
        consultations,
        proposals_and_supports,
        more.draft_and_amendments,
        comments_and_votes,
        more.clause_comment_counts,
        more.moderation_history,
        more.outcomes,
        more.opinion_map,
        search_index,
    ]


def reset_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    from sqlalchemy.engine import make_url

    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def input_totals() -> None:
    """Each consultation's running total of input (kept by an insert hook in the app,
    which bulk inserts bypass), counted from the rows."""
    from engage.extensions import db

    db.session.execute(
        db.text(
            "UPDATE consultations SET input_count = "
            "(SELECT count(*) FROM proposals WHERE proposals.consultation_id = consultations.id)"
            " + (SELECT count(*) FROM comments WHERE comments.consultation_id = consultations.id)"
        )
    )
    db.session.execute(
        db.text(
            "UPDATE consultations SET comment_total = (SELECT count(*) FROM comments "
            "WHERE comments.consultation_id = consultations.id AND comments.status = 'published')"
        )
    )


def fix_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the data."""
    from sqlalchemy import text

    from engage.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def app_for(url: str):
    """The app on exactly this database. The configuration class reads DATABASE_URL when
    config.py is first imported; benchmarks/run.py imports it before calling main(), so
    setting the variable here would be too late and the app would open the default
    database instead of the one asked for."""
    from config import config_for_environment
    from engage import create_app

    config = config_for_environment()()
    config.SQLALCHEMY_DATABASE_URI = url
    return create_app(config)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from config import _normalise_db_url

    url = _normalise_db_url(args.database_url or f"sqlite:///{ROOT / 'instance' / 'bench.db'}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ENGAGE_ENV", "development")
    if args.reset:
        reset_database(url)
    from flask_migrate import upgrade

    from engage.extensions import db

    app = app_for(url)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        if db.session.scalar(db.text("SELECT COUNT(*) FROM users")):
            print("The database already has people in it; use --reset.", file=sys.stderr)
            return 2
        engine = db.engine.dialect.name
        gen = Generator(args.scale, args.seed)
        for step in steps():
            step(gen)
        input_totals()
        fix_sequences()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(db.text("VACUUM ANALYZE"))
        else:
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
    took = time.perf_counter() - started
    print(f"Generated on {engine} in {took:.0f} s:", file=sys.stderr)
    for label, count in gen.counts.items():
        print(f"  {label:<22}{count:>9,}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
