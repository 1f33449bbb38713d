"""Paper and phone questionnaires typed into a spreadsheet: a CSV of answers, one
questionnaire per row, every row checked like the paper form and every problem named by
its line and question (as for assisted proposals, engage.assisted.csv_import).

Columns: channel and received_on, as for other assisted input, then one column per
question, headed by ``q<id>`` (the template adds the question after it: ``q12 Which
retention period?``). Choices are written as the option's words; several choices, or a
ranking's options from first to last, are separated by ``;``. Words that are no option
are "other, please say" where the question offers it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from engage import csv_safe
from engage.assisted.csv_import import ImportFileError, Rejection, read_rows
from engage.assisted.permissions import received_on_problem
from engage.channels import ASSISTED_CHANNELS, Channel
from engage.surveys.answers import OTHER, Checked, check, field_name
from engage.surveys.models import Question, QuestionKind

FIXED = ("channel", "received_on")
QUESTION_HEADER = re.compile(r"q(\d+)(?:\s.*)?$", re.IGNORECASE | re.DOTALL)
SEPARATOR = ";"


@dataclass
class Row:
    line: int
    channel: str
    received_on: date | None
    checked: Checked


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def _header(names: list[str], questions: list[Question]) -> list[Any]:
    """Each column as "channel", "received_on" or its Question."""
    by_id = {q.id: q for q in questions}
    columns: list[Any] = []
    wrong = []
    for name in names:
        cleaned = name.strip()
        match = QUESTION_HEADER.match(cleaned)
        if cleaned.lower() in FIXED:
            columns.append(cleaned.lower())
        elif match and int(match.group(1)) in by_id:
            columns.append(by_id[int(match.group(1))])
        else:
            wrong.append(cleaned or "—")
    if wrong or len({id(c) if not isinstance(c, str) else c for c in columns}) != len(columns):
        raise ImportFileError(
            _(
                "The first line must name the columns: channel, received_on and a column "
                "per question starting with its number, like q12 (the template has them). "
                "Not understood: %(found)s.",
                found=", ".join(wrong) or _("a column named twice"),
            )
        )
    return columns


def parse(text: str, consultation: Any, questions: list[Question]) -> Parsed:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = _header(next(reader), questions)
    except (StopIteration, csv.Error):
        raise ImportFileError(_("The file has no header line.")) from None
    parsed = Parsed()
    for line, cells in read_rows(reader):
        result = _row(line, columns, cells, consultation, questions)
        (parsed.rows if isinstance(result, Row) else parsed.rejected).append(result)
    return parsed


def _row(line: int, columns: list[Any], cells: list[str], consultation, questions):
    def reject(reason: str) -> Rejection:
        return Rejection(line, reason)

    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        return reject(_("it has more cells than the header line has columns."))
    if not any(c.strip() for c in cells):
        return reject(_("the row is empty."))
    values = dict(zip(columns, (c.strip() for c in cells), strict=False))
    channel = (values.get("channel") or Channel.PAPER).lower()
    if channel not in ASSISTED_CHANNELS:
        return reject(
            _("channel '%(channel)s' is not paper, phone or event.", channel=values["channel"])
        )
    raw_date = values.get("received_on", "")
    received_on = None
    if raw_date:
        try:
            received_on = date.fromisoformat(raw_date) if len(raw_date) == 10 else None
        except ValueError:
            received_on = None
        if received_on is None:
            return reject(
                _(
                    "received_on '%(value)s' is not a date (write it as YYYY-MM-DD, "
                    "like 2026-03-14).",
                    value=raw_date,
                )
            )
    problem = received_on_problem(consultation, received_on)
    if problem:
        return reject(_("received_on: %(problem)s", problem=problem))
    form: MultiDict = MultiDict()
    for question in questions:
        problem = _fill(form, question, values.get(question, ""))
        if problem:
            return reject(f"{question.prompt}: {problem}")
    checked = check(questions, form, required=False)
    for question in questions:
        error = checked.errors.get(field_name(question))
        if error:
            return reject(f"{question.prompt}: {error}")
    if not checked.values:
        return reject(_("no question is answered."))
    return Row(line=line, channel=channel, received_on=received_on, checked=checked)


def _fill(form: MultiDict, question: Question, cell: str) -> str | None:
    """Put a cell into the paper form's fields; a problem the form can't see (an option
    nobody offered) is said here."""
    name = field_name(question)
    if not cell:
        return None
    if not question.is_choice:
        form.add(name, cell)
        return None
    by_label = {o.label.strip().casefold(): o for o in question.options}
    words = (
        [w.strip() for w in cell.split(SEPARATOR)]
        if question.kind != QuestionKind.SINGLE
        else [cell]
    )
    words = [w for w in words if w]
    if question.kind == QuestionKind.RANKING:
        for position, word in enumerate(words, start=1):
            option = by_label.get(word.casefold())
            if option is None:
                return _unknown(question, word)
            form.add(f"{name}-rank-{option.id}", str(position))
        return None
    for word in words:
        option = by_label.get(word.casefold())
        if option is not None:
            form.add(name, str(option.id))
        elif question.allow_other and form.get(f"{name}-other") is None:
            form.add(name, OTHER)
            form.add(f"{name}-other", word)
        else:
            return _unknown(question, word)
    return None


def _unknown(question: Question, word: str) -> str:
    return _(
        "'%(value)s' is not one of its options (%(options)s).",
        value=word,
        options=", ".join(o.label for o in question.options),
    )


def template_csv(questions: list[Question]) -> str:
    """The header line: the fixed columns and one per question, named by its number and
    its words."""
    out = io.StringIO()
    header = [*FIXED, *(f"q{q.id} {q.prompt}" for q in questions)]
    csv_safe.writer(out, lineterminator="\r\n").writerow(header)
    return out.getvalue()
