from __future__ import annotations

from datetime import date

from flask import current_app, redirect, request, url_for
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
