"""Language selection: the person's saved choice, then the cookie, then the browser."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

LANG_COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not request:
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(list(languages)) or "en"


def text_direction(locale: str) -> str:
    return "rtl" if locale in current_app.config["RTL_LANGUAGES"] else "ltr"
