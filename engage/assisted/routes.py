"""Officials record input received on paper, by phone or at events, one by one or by CSV."""

from __future__ import annotations

import base64

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.assisted import bp, csv_import, forms, service
from engage.assisted.permissions import received_on_problem, recording_refusal
from engage.consultations.loading import managed_consultation
from engage.consultations.models import Consultation
from engage.forms import form_status
from engage.htmx import render
from engage.permissions import can_act_officially
from engage.request_size import accepts_uploads


@bp.route("/consultations/<slug>/record", methods=["GET", "POST"])
@login_required
def record_input(slug: str):
    """One proposal or comment received on paper, by phone or at an event."""
    consultation = managed_consultation(slug)
    refusal = recording_refusal(current_user, consultation)
    form = forms.RecordInputForm(proposals=service.proposals_to_comment_on(consultation))
    if refusal:
        return render(
            "assisted/record.html",
            consultation=consultation,
            form=form,
            refusal=refusal,
            status=403,
        )
    if form.validate_on_submit():
        problem = received_on_problem(consultation, form.received_on.data)
        if problem:
            form.received_on.errors = [problem]
        else:
            return _recorded(consultation, form)
    status = form_status()
    return render("assisted/record.html", consultation=consultation, form=form, status=status)


def _recorded(consultation: Consultation, form: forms.RecordInputForm):
    kind = form.kind.data
    proposal = None
    if kind == "comment" and form.proposal.data != forms.ON_CONSULTATION:
        proposal = service.find_proposal(consultation, form.proposal.data) or abort(404)
    received = service.Received(
        kind,
        form.title.data or "",
        form.body.data,
        form.channel.data,
        form.name.data or "",
        form.received_on.data,
        proposal,
    )
    item = service.record_input(current_user, consultation, received)
    if kind == "proposal":
        flash(_("The proposal is recorded."), "success")
        return redirect(url_for("proposals.view_proposal", proposal_id=item.id), 303)
    flash(_("The comment is recorded."), "success")
    return redirect(url_for("comments.show", comment_id=item.id), 303)


@bp.route("/consultations/<slug>/import", methods=["GET", "POST"])
@accepts_uploads
@login_required
def import_submissions(slug: str):
    """Upload a CSV: good rows are imported, each bad row is listed with its line and why.
    A file imported here before, or rows already recorded, are shown first: they are left
    out unless the official chooses to import them again."""
    consultation = managed_consultation(slug)
    refusal = recording_refusal(current_user, consultation)
    form = forms.ImportForm()
    if refusal:
        return render(
            "assisted/import.html",
            consultation=consultation,
            form=form,
            refusal=refusal,
            status=403,
        )
    if not form.validate_on_submit():
        status = form_status()
        return render("assisted/import.html", consultation=consultation, form=form, status=status)
    data, filename = _file(form)
    if data is None:
        return render("assisted/import.html", consultation=consultation, form=form, status=422)
    try:
        text = csv_import.decode(data, filename)
        parsed = csv_import.parse(
            text, consultation, lambda pid: service.find_proposal(consultation, pid)
        )
    except csv_import.ImportFileError as error:
        form.file.errors = [str(error)]
        return render("assisted/import.html", consultation=consultation, form=form, status=422)
    check = service.check_import(consultation, data, parsed)
    choice = request.form.get("repeats")
    if check.found and choice not in ("skip", "include"):
        # Nothing is added yet: the official sees what repeats and chooses.
        return render(
            "assisted/import_check.html",
            consultation=consultation,
            form=form,
            check=check,
            parsed=parsed,
            filename=filename,
            content=base64.b64encode(data).decode("ascii"),
        )
    result = service.import_rows(
        current_user, consultation, filename, parsed, check, include_repeats=choice == "include"
    )
    return render("assisted/imported.html", consultation=consultation, result=result)


def _file(form: forms.ImportForm) -> tuple[bytes | None, str]:
    """The uploaded file, or the same file sent back by the check page (base64)."""
    carried = request.form.get("content")
    if carried is not None:
        try:
            data = base64.b64decode(carried, validate=True)
        except ValueError:
            data = b""
        filename = request.form.get("filename", "")[:255]
        if data and filename:
            return data[: csv_import.MAX_BYTES + 1], filename
    upload = form.file.data
    if not upload or not upload.filename:
        form.file.errors = [_("Choose a CSV file to import.")]
        return None, ""
    return upload.stream.read(csv_import.MAX_BYTES + 1), upload.filename


@bp.get("/assisted/paper-submissions-template.csv")
@login_required
def import_template():
    """A CSV to fill in: the header line and three example rows."""
    if not can_act_officially(current_user):
        abort(403)
    return Response(
        csv_import.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="paper-submissions.csv"'},
    )
