"""The questionnaire an address names: 404 unless it belongs to a consultation this
person can see and is published (or they build it)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from engage.consultations.loading import consultation_or_404
from engage.surveys import queries
from engage.surveys.models import Questionnaire
from engage.surveys.permissions import can_edit_questionnaire


def questionnaire_or_404(slug: str, questionnaire_id: int) -> Questionnaire:
    consultation = consultation_or_404(slug)
    questionnaire = queries.questionnaire_by_id(questionnaire_id)
    if questionnaire is None or questionnaire.consultation_id != consultation.id:
        abort(404)
    if not (questionnaire.is_published or can_edit_questionnaire(current_user, questionnaire)):
        abort(404)
    return questionnaire


def edited_questionnaire(slug: str, questionnaire_id: int) -> Questionnaire:
    questionnaire = questionnaire_or_404(slug, questionnaire_id)
    if not can_edit_questionnaire(current_user, questionnaire):
        abort(403)
    return questionnaire
