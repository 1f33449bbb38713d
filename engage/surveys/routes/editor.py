"""The officials' questionnaire editor: pages, questions, a preview, publishing, and
spelling corrections once answers have arrived (the questionnaire is then frozen)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.consultations.loading import managed_consultation
from engage.forms import ActionForm, form_status
from engage.htmx import render
from engage.surveys import bp, forms, queries, service
from engage.surveys.loading import edited_questionnaire
from engage.surveys.models import QuestionKind
from engage.surveys.pages import PageState
from engage.surveys.texts import QuestionTexts

PREFIX = "/consultations/<slug>/surveys/<int:questionnaire_id>"


def _editor_page(questionnaire, status: int = 200, **forms_given):
    sections = queries.sections_of(questionnaire)
    questions = [q for s in sections for q in s.questions]
    conditions = [
        (q, o)
        for q in questions
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        for o in q.options
    ]
    question_form = forms_given.get("question_form") or forms.QuestionForm(
        sections=sections, conditions=conditions, formdata=None
    )
    question_form.section.choices = [(s.id, s.title) for s in sections]
    return render(
        "surveys/edit.html",
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        sections=sections,
        texts=QuestionTexts(questions),
        question_form=question_form,
        section_form=forms_given.get("section_form") or forms.SectionForm(formdata=None),
        correction=forms_given.get("correction"),
        kinds=forms.kind_labels(),
        status=status,
    )


@bp.route("/consultations/<slug>/surveys/new", methods=["POST"])
@login_required
def new_questionnaire(slug: str):
    """Start a questionnaire (or a quick poll) on a consultation this official manages."""
    consultation = managed_consultation(slug)
    form = forms.QuestionnaireForm()
    if not form.validate_on_submit():
        return render(
            "surveys/manage.html",
            consultation=consultation,
            questionnaires=queries.questionnaires_of(consultation),
            form=form,
            status=form_status(form),
        )
    questionnaire = service.create_questionnaire(
        current_user, consultation, form.title.data, is_poll=form.is_poll.data
    )
    return redirect(
        url_for("surveys.edit_questionnaire", slug=slug, questionnaire_id=questionnaire.id), 303
    )


@bp.route("/consultations/<slug>/surveys/manage")
@login_required
def manage_questionnaires(slug: str):
    """The consultation's questionnaires and polls, for the officials who manage it."""
    consultation = managed_consultation(slug)
    return render(
        "surveys/manage.html",
        consultation=consultation,
        questionnaires=queries.questionnaires_of(consultation),
        form=forms.QuestionnaireForm(formdata=None),
    )


@bp.route(f"{PREFIX}/edit")
@login_required
def edit_questionnaire(slug: str, questionnaire_id: int):
    """Every page and question, with forms to add more (until the first answer)."""
    return _editor_page(edited_questionnaire(slug, questionnaire_id))


@bp.route(f"{PREFIX}/sections", methods=["POST"])
@login_required
def add_section(slug: str, questionnaire_id: int):
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    form = forms.SectionForm()
    if questionnaire.is_frozen or questionnaire.is_poll:
        abort(409)
    if not form.validate_on_submit():
        return _editor_page(questionnaire, status=422, section_form=form)
    service.add_section(current_user, questionnaire, form.section_title.data)
    flash(_("The page is added."), "success")
    return _back(questionnaire)


@bp.route(f"{PREFIX}/questions", methods=["POST"])
@login_required
def add_question(slug: str, questionnaire_id: int):
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    sections = queries.sections_of(questionnaire)
    questions = [q for s in sections for q in s.questions]
    conditions = [
        (q, o)
        for q in questions
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        for o in q.options
    ]
    form = forms.QuestionForm(sections=sections, conditions=conditions)
    if questionnaire.is_frozen:
        abort(409)
    if not form.validate_on_submit():
        return _editor_page(questionnaire, status=422, question_form=form)
    if questionnaire.is_poll and questions:
        form.prompt.errors = [_("A quick poll has one question.")]
        return _editor_page(questionnaire, status=422, question_form=form)
    section = next(s for s in sections if s.id == form.section.data)
    option = next((o for _q, o in conditions if o.id == form.condition.data), None)
    scale_or_number = form.kind.data in (QuestionKind.SCALE, QuestionKind.NUMBER)
    service.add_question(
        current_user,
        section,
        form.kind.data,
        form.prompt.data,
        options=form.option_labels if form.kind.data in forms.CHOICE_KINDS else (),
        help_text=form.help_text.data or "",
        required=form.required.data,
        max_choices=form.max_choices.data,
        allow_other=form.allow_other.data,
        min_value=form.min_value.data if scale_or_number else None,
        max_value=form.max_value.data if scale_or_number else None,
        min_label=form.min_label.data or "" if form.kind.data == QuestionKind.SCALE else "",
        max_label=form.max_label.data or "" if form.kind.data == QuestionKind.SCALE else "",
        condition_option=option,
    )
    flash(_("The question is added."), "success")
    return _back(questionnaire)


@bp.route(f"{PREFIX}/questions/<int:question_id>/remove", methods=["POST"])
@login_required
def remove_question(slug: str, questionnaire_id: int, question_id: int):
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    question = next((q for q in queries.questions_of(questionnaire) if q.id == question_id), None)
    if question is None:
        abort(404)
    if questionnaire.is_frozen or not ActionForm().validate_on_submit():
        abort(409 if questionnaire.is_frozen else 400)
    service.remove_question(current_user, question)
    flash(_("The question is removed."), "success")
    return _back(questionnaire)


@bp.route(f"{PREFIX}/options/<int:option_id>", methods=["POST"])
@login_required
def correct_option(slug: str, questionnaire_id: int, option_id: int):
    """Correct an option's spelling: possible after answers arrived, and audited."""
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    option = queries.option_of(questionnaire, option_id) or abort(404)
    form = forms.OptionCorrectionForm(prefix=f"option-{option.id}")
    if form.validate_on_submit():
        problem = service.correction_problem(option, form.label.data)
        if problem is None:
            service.correct_option(current_user, option, form.label.data)
            flash(_("The option is corrected."), "success")
            return _back(questionnaire)
        form.label.errors = [problem]
    return _editor_page(questionnaire, status=422, correction=(option.id, form))


@bp.route(f"{PREFIX}/publish", methods=["POST"])
@login_required
def publish_questionnaire(slug: str, questionnaire_id: int):
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not queries.questions_of(questionnaire):
        flash(_("Add a question before publishing."), "error")
        return _back(questionnaire)
    live = request.form.get("results_live") == "y"
    service.publish_questionnaire(current_user, questionnaire, results_live=live)
    flash(_("The questionnaire is published."), "success")
    return _back(questionnaire)


@bp.route(f"{PREFIX}/preview")
@login_required
def preview_questionnaire(slug: str, questionnaire_id: int):
    """Every page as residents will see it, with nothing to send."""
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    sections = queries.sections_of(questionnaire)
    return render(
        "surveys/preview.html",
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        state=PageState(sections),
        texts=QuestionTexts(q for s in sections for q in s.questions),
    )


def _back(questionnaire):
    return redirect(
        url_for(
            "surveys.edit_questionnaire",
            slug=questionnaire.consultation.slug,
            questionnaire_id=questionnaire.id,
        ),
        303,
    )
