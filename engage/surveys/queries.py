"""Reading questionnaires and a person's answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage.extensions import db
from engage.surveys.answers import AnswerValue
from engage.surveys.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireSection,
    QuestionOption,
    SurveyResponse,
    TextStatus,
)


def questionnaire_by_id(questionnaire_id: int) -> Questionnaire | None:
    return db.session.get(Questionnaire, questionnaire_id)


def questionnaires_of(consultation) -> list[Questionnaire]:
    return list(
        db.session.scalars(
            select(Questionnaire)
            .where(Questionnaire.consultation_id == consultation.id)
            .order_by(Questionnaire.id)
        )
    )


def sections_of(questionnaire: Questionnaire) -> list[QuestionnaireSection]:
    """Every page with its questions and their options, in three queries."""
    return list(
        db.session.scalars(
            select(QuestionnaireSection)
            .where(QuestionnaireSection.questionnaire_id == questionnaire.id)
            .order_by(QuestionnaireSection.position)
            .options(selectinload(QuestionnaireSection.questions).selectinload(Question.options))
        )
    )


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return [q for section in sections_of(questionnaire) for q in section.questions]


def known_answers(response: SurveyResponse | None) -> dict[int, AnswerValue]:
    """The answers kept for a response, as checked values (a ranking's options in order)."""
    if response is None:
        return {}
    rows = db.session.execute(
        select(Answer.question_id, Answer.option_id, Answer.rank, Answer.number, Answer.text)
        .where(Answer.response_id == response.id)
        .order_by(Answer.question_id, Answer.rank, Answer.id)
    ).all()
    known: dict[int, AnswerValue] = {}
    for question_id, option_id, _rank, number, text in rows:
        value = known.setdefault(question_id, AnswerValue())
        if option_id is not None:
            value.options.append(option_id)
        elif number is not None:
            value.number = number
        elif text is not None:
            value.text = text
    return known


def response_of(user: Any, questionnaire: Questionnaire) -> SurveyResponse | None:
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.questionnaire_id == questionnaire.id,
            SurveyResponse.respondent_id == user.id,
        )
    )


def option_of(questionnaire: Questionnaire, option_id: int) -> QuestionOption | None:
    option = db.session.get(QuestionOption, option_id)
    if option is None:
        return None
    question = db.session.get(Question, option.question_id)
    return option if question.questionnaire_id == questionnaire.id else None


HELD_SHOWN = 50


def held_texts(questionnaire: Questionnaire) -> list[Answer]:
    """The oldest text answers waiting for moderation (sent ones only)."""
    return list(
        db.session.scalars(
            select(Answer)
            .join(Question, Question.id == Answer.question_id)
            .where(
                Question.questionnaire_id == questionnaire.id,
                Answer.text_status == TextStatus.HELD,
                Answer.counted.is_(True),
            )
            .order_by(Answer.id)
            .limit(HELD_SHOWN)
        )
    )


def text_answer(questionnaire: Questionnaire, answer_id: int | None) -> Answer | None:
    if answer_id is None:
        return None
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.text is None:
        return None
    question = db.session.get(Question, answer.question_id)
    return answer if question.questionnaire_id == questionnaire.id else None


def published_questionnaires(consultation) -> list[Questionnaire]:
    return list(
        db.session.scalars(
            select(Questionnaire)
            .where(
                Questionnaire.consultation_id == consultation.id,
                Questionnaire.published_at.is_not(None),
            )
            .order_by(Questionnaire.id)
        )
    )
