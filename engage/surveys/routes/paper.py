"""Officials type in a paper or phone questionnaire through the same questions,
labelled with its channel like other assisted input."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.assisted import CHANNEL_LABELS
from engage.assisted.csv_import import MAX_BYTES as CSV_MAX_BYTES
from engage.assisted.csv_import import ImportFileError, decode
from engage.assisted.permissions import received_on_problem
from engage.channels import ASSISTED_CHANNELS
from engage.forms import form_status
from engage.htmx import render
from engage.request_size import accepts_uploads
from engage.surveys import answers, bp, csv_import, forms, queries, service
from engage.surveys.loading import edited_questionnaire
from engage.surveys.permissions import paper_refusal
from engage.surveys.texts import QuestionTexts


@bp.route("/consultations/<slug>/surveys/<int:questionnaire_id>/paper", methods=["GET", "POST"])
@login_required
def record_paper(slug: str, questionnaire_id: int):
    """Every page on one form; required questions may be left empty, as on paper."""
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    sections = queries.sections_of(questionnaire)
    questions = [q for s in sections for q in s.questions]
    context = dict(
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        sections=sections,
        texts=QuestionTexts(questions),
        channels=[(c, CHANNEL_LABELS[c]) for c in ASSISTED_CHANNELS],
        refusal=paper_refusal(current_user, questionnaire),
    )
    if context["refusal"]:
        return render("surveys/paper.html", **context, values={}, errors={}, status=403)
    if request.method == "GET":
        return render("surveys/paper.html", **context, values={}, errors={})
    checked = answers.check(questions, request.form, required=False)
    channel = request.form.get("channel", "")
    if channel not in ASSISTED_CHANNELS:
        checked.errors["channel"] = _("Choose how it was received.")
    received_on, problem = _received_on(questionnaire.consultation)
    if problem:
        checked.errors["received_on"] = problem
    if not checked.ok:
        values = request.form.to_dict(flat=False)
        return render(
            "surveys/paper.html", **context, values=values, errors=checked.errors, status=422
        )
    service.record_paper(current_user, questionnaire, channel, received_on, questions, checked)
    flash(_("The answers are recorded."), "success")
    return redirect(
        url_for("surveys.record_paper", slug=slug, questionnaire_id=questionnaire.id), 303
    )


def _received_on(consultation) -> tuple[date | None, str | None]:
    raw = request.form.get("received_on", "").strip()
    received_on = None
    if raw:
        try:
            received_on = date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            received_on = None
        if received_on is None:
            return None, _("Write the date like 2026-03-14.")
    return received_on, received_on_problem(consultation, received_on)


IMPORT = "/consultations/<slug>/surveys/<int:questionnaire_id>/paper/import"


@bp.route(IMPORT, methods=["GET", "POST"])
@accepts_uploads
@login_required
def import_paper(slug: str, questionnaire_id: int):
    """A CSV of paper answers: good rows are recorded like the paper form, each bad row is
    listed with its line, the question and why."""
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    questions = queries.questions_of(questionnaire)
    form = forms.PaperImportForm()
    context = dict(
        questionnaire=questionnaire,
        consultation=questionnaire.consultation,
        questions=questions,
        form=form,
        refusal=paper_refusal(current_user, questionnaire),
        result=None,
    )
    if context["refusal"]:
        return render("surveys/import.html", **context, status=403)
    if request.method == "GET":
        return render("surveys/import.html", **context)
    if not form.validate_on_submit():
        return render("surveys/import.html", **context, status=form_status(form))
    upload = form.file.data
    if not upload or not upload.filename:
        form.file.errors = [_("Choose a CSV file to import.")]
        return render("surveys/import.html", **context, status=422)
    try:
        text = decode(upload.stream.read(CSV_MAX_BYTES + 1), upload.filename)
        parsed = csv_import.parse(text, questionnaire.consultation, questions)
    except ImportFileError as error:
        form.file.errors = [str(error)]
        return render("surveys/import.html", **context, status=422)
    for row in parsed.rows:
        service.record_paper(
            current_user, questionnaire, row.channel, row.received_on, questions, row.checked
        )
    context["result"] = parsed
    context["filename"] = upload.filename[:255]
    return render("surveys/import.html", **context)


@bp.get("/consultations/<slug>/surveys/<int:questionnaire_id>/paper/template.csv")
@login_required
def paper_import_template(slug: str, questionnaire_id: int):
    """The header line to fill in: channel, received_on and a column per question."""
    questionnaire = edited_questionnaire(slug, questionnaire_id)
    return Response(
        csv_import.template_csv(queries.questions_of(questionnaire)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="paper-answers.csv"'},
    )
