"""A questionnaire's results and breakdowns, from running tallies kept in SQL with every
counted answer (engage.surveys.tallies), so the database returns a few hundred figures
whatever the number of respondents; nothing loads every answer into Python.

Choices: count and share per option (of the people who answered the question). Rankings:
Borda points (an option ranked first of n gets n, last gets 1) and "ranked first by".
Scales and numbers: the distribution and the median. Texts: published ones only.
Breakdowns by a demographic answer: a cell under MIN_CELL people is not shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select, union_all

from engage.extensions import db
from engage.i18n import format_number
from engage.surveys import tallies
from engage.surveys.models import Answer, Question, QuestionKind, TextStatus

MIN_CELL = 10
TEXTS_SHOWN = 20


@dataclass
class OptionFigure:
    option_id: int | None  # None: "Other"
    label: str
    count: int = 0
    percent: float = 0.0
    borda: int = 0
    first: int = 0


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    options: list[OptionFigure] = field(default_factory=list)
    distribution: list[tuple[int, int]] = field(default_factory=list)
    median: float | None = None
    texts: list[str] = field(default_factory=list)
    text_count: int = 0


def results(questions: list[Question], label=lambda o: o.label) -> list[QuestionResult]:
    """Every question's figures, from the running tallies, in two queries whatever the
    number of answers."""
    ids = [q.id for q in questions]
    counts = tallies.read(ids)
    texts = _texts([q.id for q in questions if q.is_text or q.allow_other])
    out = []
    for question in questions:
        tally = counts.get(question.id, {})
        result = QuestionResult(question, answered=tally.get(tallies.ANSWERED, 0))
        if question.is_choice:
            _choices(result, tally, label)
        elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            _numbers(result, tally)
        result.texts = texts.get(question.id, [])
        result.text_count = tally.get(tallies.PUBLISHED, 0)
        out.append(result)
    return out


def _texts(ids: list[int]) -> dict[int, list[str]]:
    """The latest published texts of each question (at most TEXTS_SHOWN), in one
    statement: one limited select per question, each read from its index."""
    if not ids:
        return {}
    a = Answer
    parts = [
        select(a.question_id, a.text)
        .where(
            a.question_id == qid,
            a.text_status == TextStatus.PUBLISHED,
            a.counted.is_(True),
            a.text != "",  # removed with its author's account
        )
        .order_by(a.id.desc())
        .limit(TEXTS_SHOWN)
        .subquery()
        .select()
        for qid in ids
    ]
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
        texts[question_id].append(text)
    return texts


def _choices(result: QuestionResult, tally: dict[str, int], label) -> None:
    question = result.question
    n = len(question.options)
    figures = []
    for option in question.options:
        figure = OptionFigure(option.id, label(option))
        if question.kind == QuestionKind.RANKING:
            for rank in range(1, n + 1):
                count = tally.get(f"o{option.id}r{rank}", 0)
                figure.borda += (n - rank + 1) * count
                figure.count += count
            figure.first = tally.get(f"o{option.id}r1", 0)
        else:
            figure.count = tally.get(f"o{option.id}", 0)
        figures.append(figure)
    if question.allow_other:
        figures.append(OptionFigure(None, "", count=tally.get(tallies.OTHER, 0)))
    for figure in figures:
        figure.percent = round(100 * figure.count / result.answered, 1) if result.answered else 0
    result.options = figures


def _numbers(result: QuestionResult, tally: dict[str, int]) -> None:
    counts = {int(k[1:]): v for k, v in tally.items() if k.startswith("n") and v}
    question = result.question
    if question.kind == QuestionKind.SCALE:
        result.distribution = [
            (point, counts.get(point, 0))
            for point in range(question.min_value, question.max_value + 1)
        ]
    else:
        result.distribution = sorted(counts.items())
    result.median = median(result.distribution)


def median(distribution: list[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many), sorted by value."""
    total = sum(count for _, count in distribution)
    if not total:
        return None
    lower_at, upper_at = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, count in distribution:
        if lower is None and seen + count > lower_at:
            lower = value
        if seen + count > upper_at:
            upper = value
            break
        seen += count
    return (lower + upper) / 2


@dataclass
class Breakdown:
    """One choice question's counts by the options of a demographic question."""

    by: Question
    question: Question
    # (group option id, answer option id) -> count, or None where suppressed
    cells: dict[tuple[int, int], int | None] = field(default_factory=dict)
    suppressed: int = 0


def breakdown(by: Question, questions: list[Question]) -> list[Breakdown]:
    """Counts of each choice question's options among the people in each group of
    ``by`` (a single choice), from the running breakdown tallies in one query whatever the
    number of answers; cells under MIN_CELL people are suppressed."""
    targets = [q for q in questions if q.is_choice and q.id != by.id]
    if not targets:
        return []
    pairs = tallies.read_pairs(by.id, [q.id for q in targets])
    out = []
    for question in targets:
        result = Breakdown(by, question)
        for g in by.options:
            for o in question.options:
                count = pairs.get((question.id, g.id, o.id), 0)
                if count < MIN_CELL:
                    result.cells[(g.id, o.id)] = None
                    result.suppressed += 1
                else:
                    result.cells[(g.id, o.id)] = count
        out.append(result)
    return out


def section_key(result: QuestionResult, texts) -> tuple:
    """Everything a question's part of the results page shows, in the reader's language:
    the key its rendering is kept under (engage.fragments). A new or changed answer, a
    published text or a corrected or translated option makes another key, so a kept
    rendering is never out of date and nothing needs invalidating."""
    question = result.question
    return (
        "survey-result",
        str(get_locale()),
        question.id,
        question.kind,
        question.allow_other,
        len(question.options),
        texts.prompt(question),
        texts.min_label(question) if question.min_label else "",
        texts.max_label(question) if question.max_label else "",
        result.answered,
        tuple((o.option_id, o.label, o.count, o.percent, o.borda, o.first) for o in result.options),
        tuple(result.distribution),
        result.median,
        result.text_count,
        tuple(result.texts),
    )


def breakdown_key(result: Breakdown, texts) -> tuple:
    """Everything one breakdown table shows, as ``section_key``."""
    return (
        "survey-breakdown",
        str(get_locale()),
        MIN_CELL,
        texts.prompt(result.question),
        texts.prompt(result.by),
        tuple((o.id, texts.option(o)) for o in result.question.options),
        tuple((g.id, texts.option(g)) for g in result.by.options),
        tuple(sorted(result.cells.items())),
        result.suppressed,
    )


@dataclass
class BreakdownTable:
    """A breakdown as the page shows it: its columns' and rows' labels and each cell's
    text, the number in the reader's format or "fewer than 10"."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]


def breakdown_table(result: Breakdown, texts) -> BreakdownTable:
    """The table's texts, made in one pass: rendered afresh only when its figures change,
    and then without a template call per cell (the page has a table per choice question)."""
    fewer = _("fewer than %(min)d", min=MIN_CELL)
    options = result.question.options
    rows = []
    for g in result.by.options:
        cells = [result.cells[(g.id, o.id)] for o in options]
        rows.append(
            (
                texts.option(g),
                [fewer if n is None else format_number(n) for n in cells],
            )
        )
    return BreakdownTable([texts.option(o) for o in options], rows)


def chart_rows(result: QuestionResult, texts) -> list[tuple[str, int]]:
    """A question's bars: (label, value). Choices say their share beside the label;
    rankings are ordered by Borda score; a scale's ends carry their labels."""
    question = result.question
    if question.kind == QuestionKind.RANKING:
        ranked = sorted(result.options, key=lambda o: -o.borda)
        return [(o.label, o.borda) for o in ranked]
    if question.is_choice:
        return [
            (
                f"{o.label or _('Other')} ({format_decimal(o.percent, locale=get_locale())}%)",
                o.count,
            )
            for o in result.options
        ]
    rows = []
    last = len(result.distribution) - 1
    for n, (value, count) in enumerate(result.distribution):
        label = str(value)
        if question.kind == QuestionKind.SCALE and n == 0 and question.min_label:
            label = f"{value}: {texts.min_label(question)}"
        if question.kind == QuestionKind.SCALE and n == last and question.max_label:
            label = f"{value}: {texts.max_label(question)}"
        rows.append((label, count))
    return rows
