"""A questionnaire's results, and the moderation of its text answers."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.forms import ActionForm
from engage.htmx import render
from engage.params import arg_int, bounded_int
from engage.surveys import bp, queries, service
from engage.surveys.loading import questionnaire_or_404
from engage.surveys.models import QuestionKind
from engage.surveys.permissions import can_moderate_texts, can_see_results
from engage.surveys.results import (
    MIN_CELL,
    breakdown,
    breakdown_key,
    breakdown_table,
    chart_rows,
    results,
    section_key,
)
from engage.surveys.texts import QuestionTexts

PREFIX = "/consultations/<slug>/surveys/<int:questionnaire_id>"


@bp.route(f"{PREFIX}/results")
def view_results(slug: str, questionnaire_id: int):
    """Figures per question; ``by`` breaks choices down by a single-choice question."""
    questionnaire = questionnaire_or_404(slug, questionnaire_id)
    questions = queries.questions_of(questionnaire)
    texts = QuestionTexts(questions)
    context = dict(
        questionnaire=questionnaire, consultation=questionnaire.consultation, texts=texts
    )
    if not can_see_results(current_user, questionnaire):
        return render("surveys/results.html", **context, hidden=True)
    groups = [q for q in questions if q.kind == QuestionKind.SINGLE]
    by = next((q for q in groups if q.id == arg_int("by")), None)
    figures = results(questions, texts.option)
    breakdowns = breakdown(by, questions) if by else []
    return render(
        "surveys/results.html",
        **context,
        hidden=False,
        results=figures,
        # Each part's rendering is kept under a key made of its figures (engage.fragments);
        # its chart's rows are made only when it is rendered.
        section_keys={r.question.id: section_key(r, texts) for r in figures},
        chart_rows_of=lambda result: chart_rows(result, texts),
        breakdown_keys=[breakdown_key(b, texts) for b in breakdowns],
        breakdown_table_of=lambda b: breakdown_table(b, texts),
        groups=groups,
        by=by,
        breakdowns=breakdowns,
        min_cell=MIN_CELL,
    )


@bp.route(f"{PREFIX}/texts", methods=["GET", "POST"])
@login_required
def moderate_texts(slug: str, questionnaire_id: int):
    """Text answers wait here until published; held ones are never shown."""
    questionnaire = questionnaire_or_404(slug, questionnaire_id)
    if not can_moderate_texts(current_user, questionnaire):
        abort(403)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        decision = request.form.get("decision")
        answer = queries.text_answer(questionnaire, bounded_int(request.form.get("answer")))
        if answer is None or decision not in ("publish", "hide"):
            return _texts_page(questionnaire, status=422)
        service.moderate_text(current_user, answer, decision == "publish")
        flash(
            _("The answer is published.") if decision == "publish" else _("The answer is hidden."),
            "success",
        )
        return redirect(
            url_for("surveys.moderate_texts", slug=slug, questionnaire_id=questionnaire.id), 303
        )
    return _texts_page(questionnaire)


def _texts_page(questionnaire, status: int = 200):
    questions = queries.questions_of(questionnaire)
    return render(
        "surveys/texts.html",
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        waiting=queries.held_texts(questionnaire),
        prompts={q.id: q.prompt for q in questions},
        status=status,
    )
