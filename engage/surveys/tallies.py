"""Running tallies of counted answers, kept in the transaction that changes them, so the
results page reads a few hundred rows whatever the number of respondents.

Each counted answer row adds one to its key: ``o<option>`` (a choice), ``o<option>r<rank>``
(a ranking's position), ``n<number>`` (a scale or a number), ``other`` (the words of
"other, please say" or a text); ``answered`` counts the people who answered the question
and ``published`` its published texts. ``recount`` computes the same from the answer rows,
for checking.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from engage.extensions import db
from engage.surveys.models import (
    CHOICE_KINDS,
    Answer,
    BreakdownTally,
    Question,
    QuestionKind,
    SurveyTally,
    TextStatus,
)
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
    """Tally changes for answer rows as ``counted_rows`` gives them: one per row, one
    "answered" per person and question, one "published" per published text."""
    counts: Counter = Counter()
    people = set()
    for question_id, response_id, option_id, rank, number, text_status, _kind in rows:
        counts[(question_id, key(option_id, rank, number))] += 1
        people.add((question_id, response_id))
        if text_status == TextStatus.PUBLISHED:
            counts[(question_id, PUBLISHED)] += 1
    for question_id, _response in people:
        counts[(question_id, ANSWERED)] += 1
    return counts


def pairs_of(rows: Iterable[tuple]) -> Counter:
    """Breakdown changes for answer rows as ``counted_rows`` gives them, keyed
    (by_question_id, question_id, by_option_id, option_id): each person's single choice
    paired with each of their choices of another question (a ranking's first only)."""
    groups: dict[int, list[tuple[int, int]]] = defaultdict(list)
    chosen: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for question_id, response_id, option_id, rank, _number, _status, kind in rows:
        if option_id is None or kind not in CHOICE_KINDS:
            continue
        if kind == QuestionKind.SINGLE:
            groups[response_id].append((question_id, option_id))
        if rank is None or rank == 1:
            chosen[response_id].append((question_id, option_id))
    counts: Counter = Counter()
    for response_id, made in groups.items():
        for by_question, by_option in made:
            for question_id, option_id in chosen[response_id]:
                if question_id != by_question:
                    counts[(by_question, question_id, by_option, option_id)] += 1
    return counts


def counted_rows(*conditions) -> list[tuple]:
    """(question_id, response_id, option_id, rank, number, text_status, question kind) of
    the counted answers that meet the conditions."""
    a = Answer
    return db.session.execute(
        select(a.question_id, a.response_id, a.option_id, a.rank, a.number, a.text_status)
        .add_columns(Question.kind)
        .join(Question, Question.id == a.question_id)
        .where(a.counted.is_(True), *conditions)
    ).all()


def change(before: Iterable[tuple], after: Iterable[tuple]) -> None:
    """Move the tallies and the breakdowns from what the answer rows ``before`` said to
    what the rows ``after`` say (both as ``counted_rows`` gives them), upserting only the
    keys that changed."""
    before, after = list(before), list(after)
    keys, pairs = keys_of(after), pairs_of(after)
    keys.subtract(keys_of(before))
    pairs.subtract(pairs_of(before))
    add(keys)
    add_pairs(pairs)


def _upsert(model, index_elements: list[str], rows: list[dict]) -> None:
    if not rows:
        return
    dialect_insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(model).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=index_elements, set_={"count": model.count + statement.excluded.count}
    )
    db.session.execute(statement)


def add(changes: Counter, sign: int = 1) -> None:
    """Add (or with sign -1, take away) the changes, in one upsert."""
    rows = [{"question_id": q, "key": k, "count": sign * n} for (q, k), n in changes.items() if n]
    _upsert(SurveyTally, ["question_id", "key"], rows)


PAIR_COLUMNS = ["by_question_id", "question_id", "by_option_id", "option_id"]


def add_pairs(changes: Counter) -> None:
    rows = [
        {**dict(zip(PAIR_COLUMNS, key, strict=True)), "count": n} for key, n in changes.items() if n
    ]
    _upsert(BreakdownTally, PAIR_COLUMNS, rows)


def read_pairs(by_question_id: int, question_ids: list[int]) -> dict[tuple[int, int, int], int]:
    """(question_id, by_option_id, option_id) -> count, for a breakdown by one question."""
    b = BreakdownTally
    return {
        (question_id, by_option, option): count
        for question_id, by_option, option, count in db.session.execute(
            select(b.question_id, b.by_option_id, b.option_id, b.count).where(
                b.by_question_id == by_question_id, b.question_id.in_(question_ids)
            )
        )
    }


def _pairs_query(question_ids: list[int]):
    """The breakdowns grouped afresh from the answer rows: every counted single choice
    joined to the same person's choices (as ``pairs_of`` pairs them)."""
    group, answer, by = aliased(Answer), aliased(Answer), aliased(Question)
    return (
        select(
            group.question_id,
            answer.question_id,
            group.option_id,
            answer.option_id,
            func.count(),
        )
        .join(by, and_(by.id == group.question_id, by.kind == QuestionKind.SINGLE))
        .join(
            answer,
            and_(
                answer.response_id == group.response_id,
                answer.question_id != group.question_id,
                answer.question_id.in_(question_ids),
                answer.counted.is_(True),
                answer.option_id.is_not(None),
                (answer.rank.is_(None)) | (answer.rank == 1),
            ),
        )
        .where(
            group.question_id.in_(question_ids),
            group.counted.is_(True),
            group.option_id.is_not(None),
        )
        .group_by(group.question_id, answer.question_id, group.option_id, answer.option_id)
    )


def recount_pairs(question_ids: list[int]) -> dict[tuple[int, int, int, int], int]:
    return {tuple(row[:4]): row[4] for row in db.session.execute(_pairs_query(question_ids))}


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
    db.session.execute(delete(BreakdownTally).where(BreakdownTally.question_id.in_(ids)))
    db.session.execute(
        insert(BreakdownTally).from_select([*PAIR_COLUMNS, "count"], _pairs_query(ids))
    )
