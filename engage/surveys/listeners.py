"""What surveys add to other features' pages (connected in engage.wiring)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from engage.htmx import wants_fragment
from engage.surveys import queries
from engage.surveys.pages import answer_form_values, page_state
from engage.surveys.permissions import answer_refusal
from engage.surveys.texts import QuestionTexts


def consultation_page(
    consultation: Any, section: str = "summary", preview: bool = False, **_: Any
) -> dict:
    """On the summary: links to the published surveys, and the quick poll inline (one
    query when there is none)."""
    if section != "summary" or preview or not consultation.is_published or wants_fragment():
        return {"surveys": [], "poll": None}
    published = queries.published_questionnaires(consultation)
    surveys = [q for q in published if not q.is_poll]
    poll = next((q for q in published if q.is_poll), None)
    return {"surveys": surveys, "poll": _poll(poll) if poll else None}


def _poll(questionnaire) -> dict | None:
    state = page_state(questionnaire, current_user)
    questions = [q for s in state.sections for q in s.questions]
    if not questions:
        return None
    return {
        "questionnaire": questionnaire,
        "question": questions[0],
        "texts": QuestionTexts(questions),
        "form_values": answer_form_values(questions, state.known),
        "answered": state.submitted,
        "refusal": answer_refusal(current_user, questionnaire),
    }
