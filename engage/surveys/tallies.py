"""Running tallies of counted answers, kept in the transaction that changes them, so the
results page reads a few hundred rows whatever the number of respondents.

Each counted answer row adds one to its key: ``o<option>`` (a choice), ``o<option>r<rank>``
(a ranking's position), ``n<number>`` (a scale or a number), ``other`` (the words of
"other, please say" or a text); ``answered`` counts the people who answered the question
and ``published`` its published texts. ``recount`` computes the same from the answer rows,
for checking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from engage.extensions import db
from engage.surveys.models import Answer, SurveyTally, TextStatus
from engage.surveys.queries import questions_of

ANSWERED = "answered"
PUBLISHED = "published"
OTHER = "other"


def key(option_id: int | None, rank: int | None, number: int | None) -> str:
    if option_id is not None:
        return f"o{option_id}" if rank is None else f"o{option_id}r{rank}"
    if number is not None:
        return f"n{number}"
    return OTHER


def keys_of(rows: Iterable[tuple]) -> Counter:
    """Tally changes for answer rows (question_id, response_id, option_id, rank, number,
    text_status): one per row, one "answered" per person and question, one "published"
    per published text."""
    counts: Counter = Counter()
    people = set()
    for question_id, response_id, option_id, rank, number, text_status in rows:
        counts[(question_id, key(option_id, rank, number))] += 1
        people.add((question_id, response_id))
        if text_status == TextStatus.PUBLISHED:
            counts[(question_id, PUBLISHED)] += 1
    for question_id, _response in people:
        counts[(question_id, ANSWERED)] += 1
    return counts


def counted_rows(*conditions) -> list[tuple]:
    a = Answer
    return db.session.execute(
        select(a.question_id, a.response_id, a.option_id, a.rank, a.number, a.text_status).where(
            a.counted.is_(True), *conditions
        )
    ).all()


def add(changes: Counter, sign: int = 1) -> None:
    """Add (or with sign -1, take away) the changes, one upsert per key."""
    rows = [{"question_id": q, "key": k, "count": sign * n} for (q, k), n in changes.items() if n]
    if not rows:
        return
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(SurveyTally).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["question_id", "key"],
        set_={"count": SurveyTally.count + statement.excluded.count},
    )
    db.session.execute(statement)


def read(question_ids: list[int]) -> dict[int, dict[str, int]]:
    tallies: dict[int, dict[str, int]] = {q: {} for q in question_ids}
    for question_id, name, count in db.session.execute(
        select(SurveyTally.question_id, SurveyTally.key, SurveyTally.count).where(
            SurveyTally.question_id.in_(question_ids)
        )
    ):
        tallies[question_id][name] = count
    return tallies


def recount(question_ids: list[int]) -> dict[int, dict[str, int]]:
    """The tallies computed afresh from the answer rows (GROUP BY in SQL)."""
    a = Answer
    tallies: dict[int, dict[str, int]] = {q: {} for q in question_ids}
    grouped = (
        select(a.question_id, a.option_id, a.rank, a.number, func.count())
        .where(a.question_id.in_(question_ids), a.counted.is_(True))
        .group_by(a.question_id, a.option_id, a.rank, a.number)
    )
    for question_id, option_id, rank, number, count in db.session.execute(grouped):
        tallies[question_id][key(option_id, rank, number)] = count
    people = (
        select(a.question_id, func.count(func.distinct(a.response_id)))
        .where(a.question_id.in_(question_ids), a.counted.is_(True))
        .group_by(a.question_id)
    )
    for question_id, count in db.session.execute(people):
        tallies[question_id][ANSWERED] = count
    published = (
        select(a.question_id, func.count())
        .where(
            a.question_id.in_(question_ids),
            a.counted.is_(True),
            a.text_status == TextStatus.PUBLISHED,
        )
        .group_by(a.question_id)
    )
    for question_id, count in db.session.execute(published):
        tallies[question_id][PUBLISHED] = count
    return tallies


def rebuild(questionnaire) -> None:
    """Replace a questionnaire's tallies with a recount (after rows were written in bulk,
    not through the service)."""
    ids = [q.id for q in questions_of(questionnaire)]
    db.session.execute(delete(SurveyTally).where(SurveyTally.question_id.in_(ids)))
    changes = Counter({(q, k): n for q, counts in recount(ids).items() for k, n in counts.items()})
    add(changes)
