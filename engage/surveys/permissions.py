"""Who may build a questionnaire, answer it, record paper answers and see its results."""

from __future__ import annotations

from flask_babel import gettext as _

from engage.assisted.permissions import recording_refusal
from engage.consultations.models import ConsultationStatus
from engage.consultations.permissions import can_manage_consultation, participation_refusal
from engage.permissions import Person, can_moderate
from engage.surveys.models import Questionnaire


def can_edit_questionnaire(user: Person, questionnaire: Questionnaire) -> bool:
    return can_manage_consultation(user, questionnaire.consultation)


def answer_refusal(user: Person, questionnaire: Questionnaire) -> str | None:
    """Why this person can't answer (or change their answers) now; None when they can."""
    if not questionnaire.is_published:
        return _("This questionnaire is not published yet.")
    return participation_refusal(user, questionnaire.consultation)


def can_answer(user: Person, questionnaire: Questionnaire) -> bool:
    return answer_refusal(user, questionnaire) is None


def paper_refusal(user: Person, questionnaire: Questionnaire) -> str | None:
    """Paper and phone answers: the same rule as other assisted input."""
    if not questionnaire.is_published:
        return _("This questionnaire is not published yet.")
    return recording_refusal(user, questionnaire.consultation)


def results_are_public(questionnaire: Questionnaire) -> bool:
    if not questionnaire.is_published:
        return False
    status = questionnaire.consultation.status
    if status in (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME):
        return True
    return questionnaire.results_live and status == ConsultationStatus.OPEN


def can_see_results(user: Person, questionnaire: Questionnaire) -> bool:
    return results_are_public(questionnaire) or can_edit_questionnaire(user, questionnaire)


def can_moderate_texts(user: Person, questionnaire: Questionnaire) -> bool:
    """Text answers: moderators, and the officials who built the questionnaire."""
    return can_moderate(user) or can_edit_questionnaire(user, questionnaire)


PREDICATES = {
    "moderate_survey_texts": can_moderate_texts,
    "edit_questionnaire": can_edit_questionnaire,
    "answer_questionnaire": can_answer,
    "see_survey_results": can_see_results,
}
