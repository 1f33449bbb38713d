"""Officials' pages for a consultation's translations: which languages, and one language's texts."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import StringField, TextAreaField

from engage.consultations import bp
from engage.consultations import translations as tr
from engage.consultations.loading import managed_consultation
from engage.forms import Form, at_most, form_status, strip
from engage.htmx import render
from engage.i18n import text_direction


class TranslationForm(Form):
    title = StringField(_l("Title"), filters=[strip], validators=[at_most(200)])
    summary = TextAreaField(
        _l("Summary"), filters=[strip], validators=[at_most(1000)], render_kw={"rows": "4"}
    )
    easy_read_summary = TextAreaField(
        _l("Easy-read summary"),
        filters=[strip],
        validators=[at_most(2000)],
        render_kw={"rows": "6"},
    )
    body = TextAreaField(
        _l("Full text"), filters=[strip], validators=[at_most(50000)], render_kw={"rows": "16"}
    )
    commitment = TextAreaField(
        _l("How people's input will be used"),
        filters=[strip],
        validators=[at_most(3000)],
        render_kw={"rows": "5"},
    )


@bp.get("/<slug>/translations")
@login_required
def translations(slug: str):
    """Which languages this consultation has, and links to write each."""
    consultation = managed_consultation(slug)
    return render(
        "consultations/translations.html",
        consultation=consultation,
        languages=tr.translation_locales(),
        existing=tr.translations_of(consultation),
    )


@bp.route("/<slug>/translations/<locale>", methods=["GET", "POST"])
@login_required
def edit_translation(slug: str, locale: str):
    consultation = managed_consultation(slug)
    languages = tr.translation_locales()
    if locale not in languages:
        abort(404)
    existing = tr.translation(consultation, locale)
    form = TranslationForm(obj=existing if request.method == "GET" else None)
    direction = text_direction(locale)
    for f in form:
        if f.name != "csrf_token":
            f.render_kw = {**(f.render_kw or {}), "lang": locale, "dir": direction}
    if form.validate_on_submit():
        values = {name: form[name].data for name in tr.TRANSLATED_FIELDS}
        done = tr.save_translation(current_user, consultation, locale, values)
        messages = {
            "added": _("The %(language)s translation is saved.", language=languages[locale]),
            "edited": _("The %(language)s translation is saved.", language=languages[locale]),
            "removed": _("The %(language)s translation is removed.", language=languages[locale]),
            "unchanged": _("Nothing changed."),
        }
        flash(messages[done], "success")
        return redirect(url_for(".translations", slug=slug), 303)
    status = form_status()
    return render(
        "consultations/translation_edit.html",
        consultation=consultation,
        form=form,
        locale=locale,
        language=languages[locale],
        existing=existing,
        original_locale=tr.original_locale(),
        status=status,
    )
