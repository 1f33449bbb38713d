"""What the answering pages show: the pages, the person's answers so far, which pages are
complete, and the answers as form values (the same shape a sent form has, so a page sent
back with errors shows exactly what was sent)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engage.permissions import signed_in
from engage.surveys import queries
from engage.surveys.answers import OTHER, AnswerValue, field_name, shown
from engage.surveys.models import (
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireSection,
    SurveyResponse,
)


@dataclass
class PageState:
    sections: list[QuestionnaireSection]
    known: dict[int, AnswerValue] = field(default_factory=dict)
    response: SurveyResponse | None = None

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.submitted_at is not None

    def visible(self, section: QuestionnaireSection) -> list[Question]:
        return [q for q in section.questions if shown(q, self.known)]

    def complete(self, page: int) -> bool:
        """Every shown required question of the page has an answer, and it was saved."""
        if self.response is None or self.response.pages_done < page:
            return False
        section = self.sections[page - 1]
        return all(q.id in self.known for q in self.visible(section) if q.required)

    def page_questions(self, page: int) -> list[Question]:
        """A page's questions to show: a conditional one when its rule holds, or when its
        earlier question is on the same page (without JavaScript it is shown with its rule
        and kept only if the rule holds when the page is sent)."""
        section = self.sections[page - 1]
        here = {q.id for q in section.questions}
        return [
            q
            for q in section.questions
            if not q.is_conditional or q.condition_question_id in here or shown(q, self.known)
        ]

    def first_missing(self) -> int | None:
        for page in range(1, len(self.sections) + 1):
            if not self.complete(page):
                return page
        return None

    @property
    def next_page(self) -> int:
        if self.response is None:
            return 1
        return min(self.response.pages_done + 1, len(self.sections))


def page_state(questionnaire: Questionnaire, user: Any) -> PageState:
    sections = queries.sections_of(questionnaire)
    if not signed_in(user):
        return PageState(sections)
    response = queries.response_of(user, questionnaire)
    return PageState(sections, queries.known_answers(response), response)


def answer_form_values(
    questions: Iterable[Question], known: Mapping[int, AnswerValue]
) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for question in questions:
        value = known.get(question.id)
        if value is None:
            continue
        name = field_name(question)
        if question.kind == QuestionKind.RANKING:
            for position, option_id in enumerate(value.options, start=1):
                values[f"{name}-rank-{option_id}"] = [str(position)]
        elif question.is_choice:
            values[name] = [str(o) for o in value.options]
            if value.text is not None:  # stored "other" words
                values[name].append(OTHER)
                values[f"{name}-other"] = [value.text]
        elif value.number is not None:
            values[name] = [str(value.number)]
        elif value.text is not None:
            values[name] = [value.text]
    return values
