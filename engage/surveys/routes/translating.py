"""Questions and options in other languages, written by the officials who build the
questionnaire, as for the consultation's other texts."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.consultations.translations import original_locale, translation_locales
from engage.forms import ActionForm
from engage.htmx import render
from engage.i18n import text_direction
from engage.surveys import bp, queries, service
from engage.surveys.loading import edited_questionnaire
from engage.surveys.texts import QuestionTexts

# Field name prefix -> (what it translates, its limit).
LIMITS = {"prompt": 500, "help": 1000, "min": 120, "max": 120, "option": 300}


@bp.route(
    "/consultations/<slug>/surveys/<int:questionnaire_id>/translations/<locale>",
    methods=["GET", "POST"],
)
@login_required
def translate_questionnaire(slug: str, questionnaire_id: int, locale: str):
    """Every question's texts and every option in one language; empty shows the original."""
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    languages = translation_locales()
    if locale not in languages:
        abort(404)
    questions = queries.questions_of(questionnaire)
    errors: dict[str, str] = {}
    values = dict(request.form) if request.method == "POST" else {}
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        errors = {
            name: _("Use at most %(max)d characters.", max=LIMITS[name.split("-")[0]])
            for name, value in values.items()
            if name.split("-")[0] in LIMITS and len(value) > LIMITS[name.split("-")[0]]
        }
        if not errors:
            service.save_translations(current_user, questions, locale, values)
            flash(_("The translation is saved."), "success")
            return redirect(
                url_for(
                    "surveys.translate_questionnaire",
                    slug=slug,
                    questionnaire_id=questionnaire.id,
                    locale=locale,
                ),
                303,
            )
    return render(
        "surveys/translations.html",
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        questions=questions,
        texts=QuestionTexts(questions, locale),
        locale=locale,
        languages=languages,
        direction=text_direction(locale),
        original_locale=original_locale(),
        values=values,
        errors=errors,
        status=422 if errors else 200,
    )
