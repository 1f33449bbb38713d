from __future__ import annotations

from datetime import date

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from engage.consultations.queries import home_sections
from engage.extensions import db
from engage.forms import ActionForm
from engage.htmx import render
from engage.i18n import LANG_COOKIE
from engage.main import bp
from engage.security import safe_next_url

# Change these when the page's content changes: each page shows its date.
STATEMENT_DATE = date(2026, 11, 27)
PRIVACY_NOTICE_DATE = date(2026, 12, 2)


@bp.get("/")
def home():
    """Open consultations first, then upcoming, then recently closed."""
    return render("main/home.html", sections=home_sections())


@bp.post("/language")
def set_language():
    """Remember the chosen language in a cookie, and on the account when signed in."""
    form = ActionForm()
    lang = request.form.get("lang", "")
    next_url = safe_next_url(request.form.get("next"), url_for("main.home"))
    response = redirect(next_url, 303)
    if form.validate_on_submit() and lang in current_app.config["LANGUAGES"]:
        _remember_language(response, lang)
    return response


@bp.get("/language/<lang>")
def choose_language(lang: str):
    """The header's language links: each language is a link, named in itself.

    A GET, as a link must be: a language is a display preference, like the display
    settings, so another site making someone follow this link changes nothing that matters.
    """
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next_url(request.args.get("next"), url_for("main.home")), 303)
    _remember_language(response, lang)
    return response


def _remember_language(response, lang: str) -> None:
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    if current_user.is_authenticated:
        current_user.locale = lang


@bp.get("/brand.css")
def brand_stylesheet():
    """The header's colour from BRAND_COLOUR (engage.branding); none set, none here."""
    branding = current_app.extensions["branding"]
    if not branding.style:
        abort(404)
    response = current_app.response_class(branding.style, mimetype="text/css")
    # Linked with ?v=<version of this text>: a new colour is a new address.
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 24 * 3600
    response.cache_control.immutable = True
    return response


@bp.get("/accessibility")
def accessibility_statement():
    return render(
        "main/accessibility.html",
        contact=current_app.config["ACCESSIBILITY_CONTACT"],
        statement_date=STATEMENT_DATE,
    )


@bp.get("/privacy")
def privacy_notice():
    return render(
        "main/privacy.html",
        contact=current_app.config["PRIVACY_CONTACT"],
        notice_date=PRIVACY_NOTICE_DATE,
    )


@bp.get("/healthz")
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
