"""Answering a questionnaire online, page by page (save and continue later)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engage.htmx import render, wants_fragment
from engage.receipt_links import flash_with_receipt
from engage.surveys import answers, bp, service
from engage.surveys.answers import shown
from engage.surveys.loading import questionnaire_or_404
from engage.surveys.pages import answer_form_values, page_state
from engage.surveys.permissions import answer_refusal
from engage.surveys.texts import QuestionTexts

PREFIX = "/consultations/<slug>/surveys/<int:questionnaire_id>"


@bp.route(PREFIX)
def view_questionnaire(slug: str, questionnaire_id: int):
    """The questionnaire's start page: what it asks, its pages and how far the person got."""
    questionnaire = questionnaire_or_404(slug, questionnaire_id)
    state = page_state(questionnaire, current_user)
    return render(
        "surveys/questionnaire.html",
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        state=state,
        refusal=answer_refusal(current_user, questionnaire),
    )


@bp.route(f"{PREFIX}/page/<int:page>", methods=["GET", "POST"])
def answer_page(slug: str, questionnaire_id: int, page: int):
    """One page of questions: a plain form; the last page's button sends the answers."""
    questionnaire = questionnaire_or_404(slug, questionnaire_id)
    refusal = answer_refusal(current_user, questionnaire)
    state = page_state(questionnaire, current_user)
    if not 1 <= page <= len(state.sections):
        abort(404)
    context = dict(
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        texts=QuestionTexts(q for s in state.sections for q in s.questions),
    )
    if refusal:
        return render(
            "surveys/answer.html",
            **context,
            state=state,
            page=page,
            refusal=refusal,
            values={},
            errors={},
            status=403 if request.method == "POST" else 200,
        )
    section = state.sections[page - 1]
    if request.method == "GET":
        values = answer_form_values(section.questions, state.known)
        visible = {q.id for q in section.questions if shown(q, state.known)}
        return render(
            "surveys/answer.html",
            **context,
            state=state,
            page=page,
            values=values,
            errors={},
            visible_ids=visible,
        )
    if request.form.get("action") == "autosave" and wants_fragment():
        return _autosave(questionnaire, state, page, context)
    later = request.form.get("action") == "later"
    checked = answers.check(section.questions, request.form, state.known, required=not later)
    if not checked.ok:
        return render(
            "surveys/answer.html",
            **context,
            state=state,
            page=page,
            values=request.form.to_dict(flat=False),
            errors=checked.errors,
            visible_ids=None,
            status=422,
        )
    service.save_page(current_user, questionnaire, page, section.questions, checked)
    if later:
        flash(
            _("Your answers are saved. Come back before the consultation closes to finish."),
            "success",
        )
        return redirect(
            url_for("surveys.view_questionnaire", slug=slug, questionnaire_id=questionnaire.id), 303
        )
    if page < len(state.sections):
        return redirect(
            url_for(
                "surveys.answer_page", slug=slug, questionnaire_id=questionnaire.id, page=page + 1
            ),
            303,
        )
    return _submit(questionnaire, slug)


def _autosave(questionnaire, state, page: int, context: dict):
    """htmx, as the person goes: keep this page's answers if they all fit (required ones
    may wait), and answer with the pages' progress and the questions an answer here shows
    or hides, out of band."""
    section = state.sections[page - 1]
    checked = answers.check(section.questions, request.form, state.known, required=False)
    if checked.ok:
        service.save_page(current_user, questionnaire, page, section.questions, checked)
        state = page_state(questionnaire, current_user)
    here = {q.id for q in section.questions}
    known = {**state.known, **checked.values}
    conditional = [
        q for q in section.questions if q.is_conditional and q.condition_question_id in here
    ]
    return render(
        "surveys/_autosaved.html",
        **context,
        state=state,
        page=page,
        saved=checked.ok,
        conditional=conditional,
        values=request.form.to_dict(flat=False),
        errors={},
        visible_ids={q.id for q in conditional if shown(q, known)},
    )


def _submit(questionnaire, slug: str):
    state = page_state(questionnaire, current_user)
    missing = state.first_missing()
    if missing is not None:
        flash(_("Some questions that need an answer are still empty."), "error")
        return redirect(
            url_for(
                "surveys.answer_page", slug=slug, questionnaire_id=questionnaire.id, page=missing
            ),
            303,
        )
    response = service.submit(current_user, questionnaire)
    if questionnaire.is_poll:
        flash_with_receipt(_("Thank you: your answer is sent."), "survey_response", response.id)
        return redirect(url_for("consultations.view_consultation", slug=slug), 303)
    flash_with_receipt(
        _("Thank you: your answers are sent. You can change them until the consultation closes."),
        "survey_response",
        response.id,
    )
    return redirect(
        url_for("surveys.view_questionnaire", slug=slug, questionnaire_id=questionnaire.id), 303
    )
