"""Survey results at scale: 20,000 respondents x 30 questions, timed in SQL.

    .venv/bin/python benchmarks/surveys_results.py --database-url postgresql+psycopg://...
    .venv/bin/python benchmarks/surveys_results.py --database-url sqlite:///bench.db

Builds a questionnaire of 30 questions (10 single choice, 5 multiple, 5 rankings of 4,
5 scales, 3 numbers, 2 texts) on a fresh schema, fills it with INSERT ... SELECT from a
recursive series (both engines), then times ``engage.surveys.results.results`` and the
breakdown, and the results page with and without a breakdown (a signed-out reader, results
live; its parts kept as engage.fragments keeps them, and with every part rendered as on the
first view after an answer to every question), each run many times, and prints the query
count, p50 and p95. ``--reuse`` times a
database filled by an earlier run (after upgrading it) instead of filling it again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text  # noqa: E402

RESPONDENTS = 20_000
TITLE = "Benchmark survey"
KINDS = ["single"] * 10 + ["multiple"] * 5 + ["ranking"] * 5 + ["scale"] * 5
KINDS += ["number"] * 3 + ["long_text"] * 2


def _sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def build(db, official, consultation):
    from engage.surveys import service

    q = service.create_questionnaire(official, consultation, TITLE)
    section = q.sections[0]
    for n, kind in enumerate(KINDS):
        choice = kind in ("single", "multiple", "ranking")
        options = [f"Option {k}" for k in range(4)] if choice else ()
        service.add_question(
            official,
            section,
            kind,
            f"Question {n}",
            options=options,
            min_value=1 if kind in ("scale", "number") else None,
            max_value=5 if kind == "scale" else (120 if kind == "number" else None),
            allow_other=kind == "single" and n == 0,
        )
    service.publish_questionnaire(official, q, results_live=True)
    db.session.commit()
    return q


def fill(db, questionnaire, respondents: int) -> int:
    """Responses and answers in bulk, in SQL."""
    from engage.surveys.queries import questions_of

    s = db.session
    s.execute(
        text(
            "INSERT INTO survey_responses (questionnaire_id, channel, pages_done, submitted_at,"
            " created_at, updated_at) WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL"
            " SELECT n + 1 FROM series WHERE n < :n) SELECT :q, 'online', 1, CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM series"
        ),
        {"q": questionnaire.id, "n": respondents},
    )
    base = (
        "INSERT INTO survey_answers (response_id, question_id, option_id, rank, number, text,"
        " text_status, counted) "
    )
    rids = "SELECT id AS r FROM survey_responses WHERE questionnaire_id = :q"

    def insert(values: str, **params) -> None:
        # values: option_id, rank, number, text, text_status, for each respondent r.
        sql = f"{base} SELECT r, :qid, {values}, true FROM ({rids}) x"
        s.execute(text(sql), {"q": questionnaire.id, **params})

    published = "CASE WHEN r % 3 = 0 THEN 'published' ELSE 'held' END"
    for question in questions_of(questionnaire):
        cases = " ".join(f"WHEN {n} THEN {o.id}" for n, o in enumerate(question.options))

        def pick(shift: int, cases: str = cases) -> str:
            # The option at (r + shift) % 4, in SQL both engines speak.
            return f"CASE (r + {shift}) % 4 {cases} END"

        if question.kind == "single":
            insert(f"{pick(0)}, NULL, NULL, NULL, NULL", qid=question.id)
        elif question.kind == "multiple":
            for k in range(2):
                insert(f"{pick(k)}, NULL, NULL, NULL, NULL", qid=question.id)
        elif question.kind == "ranking":
            for rank in range(1, 5):
                insert(f"{pick(rank)}, {rank}, NULL, NULL, NULL", qid=question.id)
        elif question.kind == "scale":
            insert("NULL, NULL, 1 + (r % 5), NULL, NULL", qid=question.id)
        elif question.kind == "number":
            insert("NULL, NULL, 16 + (r % 80), NULL, NULL", qid=question.id)
        else:
            insert(f"NULL, NULL, NULL, 'answer ' || r, {published}", qid=question.id)
    s.execute(
        text("UPDATE questionnaires SET response_count = :n WHERE id = :q"),
        {"n": respondents, "q": questionnaire.id},
    )
    # Rows written in bulk here, not through the service: their tallies from a recount.
    from engage.surveys import tallies

    tallies.rebuild(questionnaire)
    s.commit()
    s.execute(text("ANALYZE survey_answers"))
    s.commit()
    return s.execute(text("SELECT count(*) FROM survey_answers")).scalar()


def timed(fn, runs: int) -> tuple[float, float, int]:
    from tests.queries import count_queries

    with count_queries() as statements:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return (
        statistics.median(times),
        times[min(len(times) - 1, int(len(times) * 0.95))],
        len(statements),
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--respondents", type=int, default=RESPONDENTS)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="time an earlier run's data")
    args = parser.parse_args(argv)

    from config import Config
    from engage import create_app
    from engage.extensions import db

    class Bench(Config):
        SQLALCHEMY_DATABASE_URI = args.database_url
        TESTING = True
        RATELIMIT_ENABLED = False

    sqlite_file = _sqlite_file(args.database_url)
    if sqlite_file is not None and not args.reuse:
        sqlite_file.unlink(missing_ok=True)
    app = create_app(Bench)
    with app.test_request_context():
        from flask_migrate import upgrade

        if not args.reuse and db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        start = time.perf_counter()
        upgrade()
        print(f"{db.engine.dialect.name}: schema up to date in {time.perf_counter() - start:.1f} s")
        from engage.surveys.models import Questionnaire

        if args.reuse:
            questionnaire = db.session.scalar(
                select(Questionnaire).where(Questionnaire.title == TITLE)
            )
        else:
            from tests.factories import Factories

            f = Factories()
            official = f.user("official")
            questionnaire = build(db, official, f.consultation("open", official=official))
            start = time.perf_counter()
            rows = fill(db, questionnaire, args.respondents)
            print(
                f"{args.respondents} respondents x {len(KINDS)} questions: {rows} answer rows "
                f"in {time.perf_counter() - start:.1f} s"
            )
        from engage.surveys.queries import questions_of
        from engage.surveys.results import breakdown, results

        questions = questions_of(questionnaire)
        by = questions[1]
        base = f"/consultations/{questionnaire.consultation.slug}/surveys/{questionnaire.id}"
        client = app.test_client()

        def page(url: str):
            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            return get

        def rendered_afresh(fn):
            # As the first view after an answer to every question: no part kept.
            def run():
                kept = fragments.cache()
                size, kept.max_bytes = kept.max_bytes, 0
                try:
                    fn()
                finally:
                    kept.max_bytes = size

            return run

        from engage import fragments

        scenarios = (
            ("results (all 30 questions)", lambda: results(questions)),
            ("breakdown of 19 choice questions by one", lambda: breakdown(by, questions)),
            ("results page", page(f"{base}/results")),
            ("results page with the breakdown", page(f"{base}/results?by={by.id}")),
            ("results page, every part rendered", rendered_afresh(page(f"{base}/results"))),
            (
                "results page with the breakdown, every part rendered",
                rendered_afresh(page(f"{base}/results?by={by.id}")),
            ),
        )
        for name, fn in scenarios:
            p50, p95, queries = timed(fn, args.runs)
            print(f"{name}: {queries} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
