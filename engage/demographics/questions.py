"""The catalogue of optional questions: which an admin turned on, and their options.

Age, gender and disability have fixed options (translated); areas and languages are
local, so admins write their options, one per line. "Prefer not to say" is always there.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from engage.demographics.models import DemographicQuestion
from engage.extensions import db

PREFER_NOT_TO_SAY = "prefer_not_to_say"
OPTION_LENGTH = 80
MAX_OPTIONS = 40


@dataclass(frozen=True)
class Question:
    key: str
    label: object
    hint: object = ""
    fixed: tuple = ()  # (value, label) pairs; empty when admins write the options
    default_options: tuple[str, ...] = ()

    @property
    def local(self) -> bool:
        return not self.fixed


CATALOGUE: tuple[Question, ...] = (
    Question(
        "age_band",
        _l("Your age"),
        fixed=(
            ("under_18", _l("Under 18")),
            ("18_24", _l("18 to 24")),
            ("25_34", _l("25 to 34")),
            ("35_44", _l("35 to 44")),
            ("45_54", _l("45 to 54")),
            ("55_64", _l("55 to 64")),
            ("65_74", _l("65 to 74")),
            ("75_plus", _l("75 or over")),
        ),
    ),
    Question("area", _l("The area or district where you live")),
    Question(
        "gender",
        _l("Your gender"),
        fixed=(
            ("woman", _l("Woman")),
            ("man", _l("Man")),
            ("another", _l("In another way")),
        ),
    ),
    Question(
        "disability",
        _l("Do you have a disability or a long-term health condition?"),
        fixed=(("yes", _l("Yes")), ("no", _l("No"))),
    ),
    Question(
        "home_language",
        _l("The main language spoken at home"),
        default_options=("English", "Español", "العربية"),
    ),
)
BY_KEY = {q.key: q for q in CATALOGUE}


@dataclass(frozen=True)
class Asked:
    """A question as asked now: its options (value, label), "prefer not to say" last."""

    question: Question
    options: tuple[tuple[str, object], ...]

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def label(self):
        return self.question.label

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.options)

    def label_of(self, value: str):
        return dict(self.options).get(value, value)


def parse_options(text: str) -> list[str]:
    """An admin's lines: trimmed, blank and repeated lines dropped, at most MAX_OPTIONS."""
    seen: list[str] = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())[:OPTION_LENGTH]
        if line and line not in seen and line != PREFER_NOT_TO_SAY:
            seen.append(line)
    return seen[:MAX_OPTIONS]


def settings() -> dict[str, DemographicQuestion]:
    rows = db.session.scalars(db.select(DemographicQuestion)).all()
    return {row.key: row for row in rows}


def _options(question: Question, row: DemographicQuestion | None) -> tuple:
    if question.fixed:
        choices = question.fixed
    else:
        text = row.options if row is not None else "\n".join(question.default_options)
        choices = tuple((line, line) for line in parse_options(text))
    return (*choices, (PREFER_NOT_TO_SAY, _l("Prefer not to say")))


def asked(include_disabled: bool = False) -> list[Asked]:
    """The questions admins turned on (or all of them), in the catalogue's order."""
    rows = settings()
    found = []
    for question in CATALOGUE:
        row = rows.get(question.key)
        if include_disabled or (row is not None and row.enabled):
            found.append(Asked(question, _options(question, row)))
    return found
