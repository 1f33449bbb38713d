"""Time the opinion-map recompute (issue 16) and its peak memory.

    .venv/bin/python benchmarks/opinion_map.py                      # both sizes, analysis only
    .venv/bin/python benchmarks/opinion_map.py --database-url sqlite:///instance/om.db

Each size runs in a fresh process so its peak memory (ru_maxrss) is its own. Votes are
three planted camps with 15% noise and 10% passes, spread at random over the matrix.
"analysis" is engage.opinion_map.analysis.analyse on votes in memory; with
--database-url, "recompute" is the whole job for the first size: load the votes from the
database, analyse, store the result (engage.opinion_map.recompute.recompute).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((2_000, 1_000, 500_000), (20_000, 2_000, 5_000_000))


def planted_arrays(participants: int, statements: int, votes: int, seed: int = 1):
    import numpy as np

    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 3, participants)
    opinion = rng.choice(np.array([-1, 1]), (3, statements))
    cells = rng.choice(participants * statements, votes, replace=False)
    rows, cols = cells // statements, cells % statements
    values = opinion[camp[rows], cols]
    values[rng.random(votes) < 0.15] *= -1
    values[rng.random(votes) < 0.10] = 0
    return rows, cols, values


def analysis_only(participants: int, statements: int, votes: int) -> dict:
    from engage.opinion_map.analysis import analyse

    rows, cols, values = planted_arrays(participants, statements, votes)
    keys = [f"v-{i:016x}" for i in range(participants)]
    triples = list(zip([keys[r] for r in rows], (cols + 1).tolist(), values.tolist(), strict=True))
    del rows, cols, values
    start = time.perf_counter()
    result = analyse(triples, list(range(1, statements + 1)))
    seconds = time.perf_counter() - start
    return {
        "what": "analysis",
        "participants": participants,
        "statements": statements,
        "votes": votes,
        "seconds": round(seconds, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "groups": result.k,
        "payload_mib": round(len(json.dumps(result.to_dict())) / 2**20, 1),
    }


def full_recompute(database_url: str, participants: int, statements: int, votes: int) -> dict:
    """Fill a fresh database with one consultation's votes, then time the job."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from benchmarks.generate import app_for
    from engage.accounts.models import User
    from engage.consultations.models import Consultation, Topic
    from engage.database import utcnow
    from engage.extensions import db
    from engage.opinion_map import recompute
    from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote

    app = app_for(database_url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        topic = db.session.scalar(db.select(Topic).limit(1)) or Topic(slug="t", name="T")
        now = utcnow()
        consultation = Consultation(
            title="Opinion map benchmark",
            slug=f"opinion-map-bench-{int(time.time())}",
            topic=topic,
            summary="s",
            easy_read_summary="",
            body="",
            commitment="c",
            opens_at=now,
            closes_at=now + timedelta(days=30),
            published_at=now,
        )
        db.session.add(consultation)
        db.session.flush()
        db.session.add(OpinionMap(consultation_id=consultation.id))
        statement_rows = [
            {
                "consultation_id": consultation.id,
                "text": f"Statement {j}",
                "normalized_text": f"statement {j}",
                "seeded": True,
                "visibility": "visible",
                "agree_count": 0,
                "disagree_count": 0,
                "pass_count": 0,
                "created_at": now,
            }
            for j in range(statements)
        ]
        db.session.execute(insert(OpinionStatement), statement_rows)
        statement_ids = sorted(
            db.session.scalars(
                db.select(OpinionStatement.id).where(
                    OpinionStatement.consultation_id == consultation.id
                )
            )
        )
        base = db.session.scalar(db.select(db.func.max(User.id))) or 0
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"om-bench-{base + i}@example.org",
                    "display_name": f"Voter {i}",
                    "password_hash": "!",
                    "locale": "en",
                    "created_at": now,
                }
                for i in range(participants)
            ],
        )
        user_ids = sorted(
            db.session.scalars(db.select(User.id).where(User.email.like("om-bench-%")))
        )[-participants:]
        rows, cols, values = planted_arrays(participants, statements, votes)
        chunk = 50_000
        for start in range(0, votes, chunk):
            db.session.execute(
                insert(OpinionVote),
                [
                    {
                        "consultation_id": consultation.id,
                        "statement_id": statement_ids[c],
                        "user_id": user_ids[r],
                        "value": v,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for r, c, v in zip(
                        rows[start : start + chunk].tolist(),
                        cols[start : start + chunk].tolist(),
                        values[start : start + chunk].tolist(),
                        strict=True,
                    )
                ],
            )
        db.session.commit()
        start = time.perf_counter()
        result = recompute.recompute(consultation.id)
        db.session.commit()
        seconds = time.perf_counter() - start
    return {
        "what": "recompute from " + database_url.split(":")[0].split("+")[0],
        "participants": participants,
        "statements": statements,
        "votes": votes,
        "seconds": round(seconds, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "groups": result.k,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="also time the whole job on this database")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # "analysis:P:S:V" in a child
    args = parser.parse_args()
    if args.one:
        what, p, s, v = args.one.rsplit(":", 3)
        p, s, v = int(p), int(s), int(v)
        if what == "analysis":
            print(json.dumps(analysis_only(p, s, v)))
        else:
            print(json.dumps(full_recompute(what, p, s, v)))
        return
    runs = [f"analysis:{p}:{s}:{v}" for p, s, v in SIZES]
    if args.database_url:
        p, s, v = SIZES[0]
        runs.append(f"{args.database_url}:{p}:{s}:{v}")
    for run in runs:
        out = subprocess.run(
            [sys.executable, __file__, "--one", run],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        print(out.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
