"""Who took part in a consultation, by the answers to the optional questions, against
the population's shares, after the Small Numbers Rule (engage.demographics.suppression).

Everything shown anywhere (the page, its CSV) comes from ``table`` here, so a count
hidden on one is hidden on all.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage import csv_safe
from engage.consultations.models import Consultation
from engage.demographics import service
from engage.demographics.models import DemographicAnswer
from engage.demographics.questions import BY_KEY, PREFER_NOT_TO_SAY, Asked, asked
from engage.demographics.suppression import THRESHOLD, hidden_cells
from engage.extensions import db
from engage.outcomes import statistics

NO_ANSWER = "__no_answer__"
NO_LONGER_OFFERED = "__other__"


@dataclass
class Cell:
    value: str
    label: object
    count: int
    shown: bool = True
    share: float | None = None  # percent of those who answered; None when not shown
    reference: float | None = None
    under: bool = False  # under-represented by more than the margin, on shown figures

    @property
    def is_answer(self) -> bool:
        return self.value not in (PREFER_NOT_TO_SAY, NO_ANSWER)


@dataclass
class Row:
    question: Asked
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    total: int  # people who took part: accounts online plus assisted input
    assisted: int
    rows: list[Row]
    margin: float

    @property
    def too_few(self) -> bool:
        return self.total < THRESHOLD

    @property
    def flagged(self) -> list[tuple[Row, Cell]]:
        return [(row, cell) for row in self.rows for cell in row.cells if cell.under]


def _answer_counts(consultation: Consultation) -> dict[str, dict[str, int]]:
    people = statistics.participant_ids(consultation)
    rows = db.session.execute(
        select(DemographicAnswer.question_key, DemographicAnswer.answer, func.count())
        .where(DemographicAnswer.user_id.in_(select(people.c.who)))
        .group_by(DemographicAnswer.question_key, DemographicAnswer.answer)
    )
    found: dict[str, dict[str, int]] = {}
    for key, answer, n in rows:
        found.setdefault(key, {})[answer] = n
    return found


def table(consultation: Consultation, questions: list[Asked] | None = None) -> Table:
    channels = statistics.by_channel(consultation)
    assisted = statistics.assisted_inputs(channels)
    people = statistics.participant_ids(consultation)
    online = db.session.scalar(select(func.count()).select_from(people)) or 0
    total = online + assisted
    counts = _answer_counts(consultation)
    references = service.references()
    margin = current_app.config["REPRESENTATION_MARGIN_POINTS"]
    rows = [
        _row(q, counts.get(q.key, {}), total, references.get(q.key, {}), margin)
        for q in (asked() if questions is None else questions)
    ]
    return Table(total=total, assisted=assisted, rows=rows, margin=margin)


def _row(question: Asked, counts: dict[str, int], total: int, reference, margin) -> Row:
    cells = [Cell(value, label, counts.get(value, 0)) for value, label in question.options]
    others = sum(n for value, n in counts.items() if value not in question.values)
    if others:
        cells.insert(-1, Cell(NO_LONGER_OFFERED, _l("An answer no longer offered"), others))
    answered = sum(cell.count for cell in cells)
    cells.append(
        Cell(NO_ANSWER, _l("No answer (or input on paper, by phone, at events)"), total - answered)
    )
    for cell in cells:
        cell.reference = reference.get(cell.value)
    if total < THRESHOLD:
        for cell in cells:
            cell.shown = False
        return Row(question, cells)
    by_value = {cell.value: cell.count for cell in cells}
    answers = [cell.value for cell in cells if cell.is_answer]
    hidden = hidden_cells(by_value, [list(by_value), answers])
    given = sum(by_value[value] for value in answers)
    shown_given = sum(by_value[value] for value in answers if value not in hidden)
    for cell in cells:
        cell.shown = cell.value not in hidden
        if not (cell.is_answer and given):
            continue
        if cell.shown:
            cell.share = 100 * cell.count / given
        # A hidden answer's share is at most what the shown ones leave over: flag it only
        # when even that is under, so the flag tells nothing the shown figures don't.
        most = (
            cell.share
            if cell.shown
            else (100 * (given - shown_given) / given if shown_given else None)
        )
        if cell.reference is not None and most is not None:
            cell.under = cell.reference - most > margin
    return Row(question, cells)


def csv_text(found: Table) -> str:
    """One line per answer; a hidden count is the words "not shown", never a number."""
    out = io.StringIO()
    writer = csv_safe.writer(out, lineterminator="\r\n")
    writer.writerow(["question", "answer", "people", "share_of_answers", "population", "under"])
    hidden = str(_l("not shown"))
    writer.writerow(["all", "people who took part", found.total if not found.too_few else hidden])
    for row in found.rows:
        for cell in row.cells:
            writer.writerow(
                [
                    row.question.key,
                    cell.value,
                    cell.count if cell.shown else hidden,
                    round(cell.share, 1) if cell.share is not None else "",
                    cell.reference if cell.reference is not None else "",
                    "yes" if cell.under else "",
                ]
            )
    return out.getvalue()


def frozen(found: Table) -> dict:
    """The table as JSON for the outcome report (engage.outcomes freezes it when the report
    is published): hidden counts and shares are None, never numbers."""
    return {
        "too_few": found.too_few,
        "margin": found.margin,
        "rows": [
            {
                "key": row.question.key,
                "cells": [
                    {
                        "value": cell.value,
                        "count": cell.count if cell.shown else None,
                        "share": round(cell.share) if cell.share is not None else None,
                        "reference": cell.reference,
                        "under": cell.under,
                    }
                    for cell in row.cells
                ],
            }
            for row in found.rows
        ],
    }


def label_of(key: str, value: str):
    """An answer's words now, in the reader's language (the report stores values)."""
    special = {
        NO_ANSWER: _l("No answer (or input on paper, by phone, at events)"),
        NO_LONGER_OFFERED: _l("An answer no longer offered"),
    }
    if value in special:
        return special[value]
    question = BY_KEY.get(key)
    if question is None:
        return value
    return dict((*question.fixed, (PREFER_NOT_TO_SAY, _l("Prefer not to say")))).get(value, value)
