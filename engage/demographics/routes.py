"""Optional questions about you; admins' settings; who took part in a consultation."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.consultations.loading import managed_consultation
from engage.demographics import bp, forms, representation, service
from engage.demographics.questions import BY_KEY, asked, settings
from engage.forms import ActionForm, form_status
from engage.htmx import render
from engage.permissions import can_admin


@bp.route("/account/about-you", methods=["GET", "POST"])
@login_required
def about_you():
    """A few optional questions, asked once; nothing is required."""
    questions = asked()
    user = current_user._get_current_object()
    state, last = service.state(user)
    # Questions no longer asked: whoever answered can still delete the answers here.
    if not questions and state != service.ANSWERED:
        abort(404)
    form = forms.answers_form(questions, data=service.answers_of(user))
    if "decline" in request.form and ActionForm().validate_on_submit():
        service.decline(user)
        flash(_("We won't ask again. You can answer later from your account page."), "info")
        return redirect(url_for("accounts.profile"), 303)
    if questions and form.validate_on_submit():
        service.save_answers(user, {q.key: form[f"q_{q.key}"].data for q in questions})
        flash(_("Thank you. Your answers are saved."), "success")
        return redirect(url_for("accounts.profile"), 303)
    return render(
        "demographics/about_you.html",
        form=form,
        questions=questions,
        state=state,
        last=last,
        status=form_status(form),
    )


@bp.post("/account/about-you/remove")
@login_required
def remove_answers():
    """Withdraw consent: the answers are deleted at once."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    service.decline(current_user._get_current_object())
    flash(_("Your answers are deleted."), "success")
    return redirect(url_for("accounts.profile"), 303)


@bp.route("/admin/demographics", methods=["GET", "POST"])
@login_required
def configure():
    """Which optional questions are asked, and the population's shares to compare with."""
    if not can_admin(current_user):
        abort(403)
    questions = asked(include_disabled=True)
    form = forms.settings_form(questions, settings())
    if request.method == "GET":
        references = service.references()
        for question in questions:
            for value, field in forms.share_fields(form, question):
                field.data = references.get(question.key, {}).get(value)
    if form.validate_on_submit():
        changed = False
        for question in questions:
            options = form[f"{question.key}_options"].data if question.question.local else ""
            changed |= service.configure(
                current_user, question.key, form[f"{question.key}_enabled"].data, options or ""
            )
            shares = {value: field.data for value, field in forms.share_fields(form, question)}
            changed |= service.set_reference(current_user, question.key, shares)
        flash(_("Saved.") if changed else _("Nothing changed."), "success" if changed else "info")
        return redirect(url_for("demographics.configure"), 303)
    return render(
        "demographics/configure.html",
        form=form,
        questions=questions,
        share_fields=forms.share_fields,
        status=form_status(form),
    )


@bp.get("/consultations/<slug>/who-took-part")
@login_required
def representativeness(slug: str):
    """Participants' shares against the population's, for the officials who manage it."""
    consultation = managed_consultation(slug)
    return render(
        "demographics/representativeness.html",
        consultation=consultation,
        table=representation.table(consultation),
    )


@bp.get("/consultations/<slug>/who-took-part.csv")
@login_required
def representativeness_csv(slug: str):
    """The same table as CSV, with the same cells hidden."""
    consultation = managed_consultation(slug)
    name = f"who-took-part-{consultation.slug}.csv"
    return Response(
        representation.csv_text(representation.table(consultation)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.app_context_processor
def _about_you_on_the_account_page():
    """The account page asks once (engage.accounts does not import this feature)."""

    def about_you_state(user):
        """None when there is nothing to ask nor any answer to delete."""
        if asked():
            return service.state(user)[0]
        state = service.state(user)[0]
        return state if state == service.ANSWERED else None

    return {
        "about_you_state": about_you_state,
        "optional_questions_asked": lambda: bool(asked()),
        # The outcome report's frozen table names questions and answers by their keys.
        "demographic_question_label": lambda key: BY_KEY[key].label if key in BY_KEY else key,
        "demographic_answer_label": representation.label_of,
    }
