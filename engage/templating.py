"""What every template can use: permissions, language, formatting, user text."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Flask, current_app, request
from flask_babel import format_datetime, format_number, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup

from engage import permissions
from engage.forms import ActionForm
from engage.i18n import text_direction
from engage.text import plain_excerpt, render_markdown

# Swap error responses too: fragments and error pages are written to be shown.
HTMX_CONFIG = json.dumps(
    {
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
        "historyCacheSize": 0,
        "refreshOnHistoryMiss": True,
        "selfRequestsOnly": True,
        "responseHandling": [
            {"code": "204", "swap": False},
            {"code": "[23]..", "swap": True},
            {"code": "(400|403|404|409|422|429)", "swap": True, "error": False},
            {"code": "...", "swap": True, "error": True},
        ],
    },
    separators=(",", ":"),
)


ROLE_LABELS = {
    permissions.RESIDENT: _l("Resident"),
    permissions.MODERATOR: _l("Moderator"),
    permissions.OFFICIAL: _l("Official"),
    permissions.ADMIN: _l("Admin"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def can(action: str, *args) -> bool:
    return permissions.PREDICATES[action](current_user, *args)


@pass_context
def ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    """Jinja's ngettext, with the count in the reader's number format (1,234 / 1.234).

    Messages keep ``%(num)d`` so catalogues need no change; it is shown as the
    formatted number.
    """
    text = get_translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        # As Jinja's own: the catalogue is trusted, the variables get escaped by %.
        text = Markup(text)  # noqa: S704
    variables.setdefault("num", format_number(num))
    return text.replace("%(num)d", "%(num)s") % variables


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["excerpt"] = plain_excerpt
    app.jinja_env.globals.update(
        can=can, role_label=role_label, csrf_token=generate_csrf, ActionForm=ActionForm
    )
    # After Flask-Babel installed its own (create_app initialises Babel first).
    app.jinja_env.globals["ngettext"] = ngettext
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.template_filter("datetime")
    def _datetime(value: datetime | None, fmt: str = "medium") -> str:
        return format_datetime(value, fmt) if value else ""

    @app.context_processor
    def page_context():
        locale = str(get_locale())
        return {
            "html_lang": locale,
            "html_dir": text_direction(locale),
            "languages": current_app.config["LANGUAGES"],
            "site_name": current_app.config["SITE_NAME"],
            "htmx_config": HTMX_CONFIG,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
