"""A questionnaire with one question of every kind, for the surveys tests."""

from __future__ import annotations

from dataclasses import dataclass

from engage.extensions import db
from engage.surveys import service
from engage.surveys.models import Question, Questionnaire


@dataclass
class Survey:
    questionnaire: Questionnaire
    single: Question
    multiple: Question
    ranking: Question
    scale: Question
    number: Question
    short: Question
    long: Question
    conditional: Question

    @property
    def slug(self) -> str:
        return self.questionnaire.consultation.slug

    def url(self, page: int | None = None) -> str:
        base = f"/consultations/{self.slug}/surveys/{self.questionnaire.id}"
        return base if page is None else f"{base}/page/{page}"

    def option(self, question: Question, n: int) -> int:
        return question.options[n].id


def survey(f, consultation=None, official=None, published: bool = True) -> Survey:
    """Two pages: choices, ranking and scale on the first; number, texts and a question
    shown only to those who chose the first option of ``single`` on the second."""
    from engage.permissions import OFFICIAL

    official = official or f.user(OFFICIAL)
    consultation = consultation or f.consultation("open", official=official)
    q = service.create_questionnaire(official, consultation, "Cameras survey")
    first = q.sections[0]
    single = service.add_question(
        official,
        first,
        "single",
        "Which retention period?",
        required=True,
        options=["7 days", "30 days", "90 days"],
        allow_other=True,
    )
    multiple = service.add_question(
        official,
        first,
        "multiple",
        "Where should cameras be?",
        max_choices=2,
        options=["Stations", "Schools", "Parks", "Markets"],
    )
    ranking = service.add_question(
        official,
        first,
        "ranking",
        "Rank these safeguards",
        options=["Warrants", "Audits", "Deletion"],
    )
    scale = service.add_question(
        official,
        first,
        "scale",
        "How comfortable are you?",
        min_value=1,
        max_value=5,
        min_label="Not at all",
        max_label="Very",
    )
    second = service.add_section(official, q, "About you")
    number = service.add_question(
        official, second, "number", "How old are you?", min_value=16, max_value=120
    )
    short = service.add_question(official, second, "short_text", "Your neighbourhood")
    long = service.add_question(official, second, "long_text", "Anything else?")
    conditional = service.add_question(
        official, second, "long_text", "Why only 7 days?", condition_option=single.options[0]
    )
    if published:
        service.publish_questionnaire(official, q)
    db.session.commit()
    return Survey(q, single, multiple, ranking, scale, number, short, long, conditional)
