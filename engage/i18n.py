"""Language selection: the person's saved choice, then the cookie, then the browser. And
the translations templates use, found once per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import flask_babel
from babel.numbers import format_decimal
from babel.support import NullTranslations
from flask import current_app, g, request
from flask_login import current_user

LANG_COOKIE = "lang"
_TRANSLATIONS = "engage_translations"  # on g: this context's catalogue, once found


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


def format_number(number) -> str:
    """'1,234' or '1.234': the reader's number format."""
    return _format_number(number, str(flask_babel.get_locale()))


@lru_cache(maxsize=4096)
def _format_number(number, locale: str) -> str:
    return format_decimal(number, locale=locale)


def text_direction(locale: str) -> str:
    return "rtl" if locale in current_app.config["RTL_LANGUAGES"] else "ltr"


def translations() -> NullTranslations:
    """Flask-Babel's translations for this request, found once rather than per string.

    Flask-Babel looks up its request state four times for every string; a long page has a
    few thousand strings. The catalogue is kept on ``g`` until the language changes, which
    within a request only happens through force_locale below.
    """
    found = g.get(_TRANSLATIONS)
    if found is None:
        found = flask_babel.get_translations()
        setattr(g, _TRANSLATIONS, found)
    return found


@contextmanager
def force_locale(locale: str | None) -> Iterator[None]:
    """Flask-Babel's force_locale (an email in its recipient's language), switching the
    templates' translations too, and back afterwards."""
    kept = g.pop(_TRANSLATIONS, None)
    try:
        with flask_babel.force_locale(locale):
            yield
    finally:
        g.pop(_TRANSLATIONS, None)
        if kept is not None:
            setattr(g, _TRANSLATIONS, kept)
