"""What every template can use: permissions, language, formatting, user text."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

from flask import Flask, current_app, request, url_for
from flask_babel import format_datetime, get_locale, get_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from engage import fragments, permissions
from engage.accounts import permissions as accounts_permissions
from engage.amendments import permissions as amendments_permissions
from engage.audit import permissions as audit_permissions
from engage.comments import permissions as comments_permissions
from engage.concurrency import conflict_rows
from engage.consultations import permissions as consultations_permissions
from engage.drafts import permissions as drafts_permissions
from engage.forms import ActionForm
from engage.guidelines import permissions as guidelines_permissions
from engage.i18n import format_number, text_direction, translations
from engage.moderation import permissions as moderation_permissions
from engage.notifications import permissions as notifications_permissions
from engage.opinion_map import permissions as opinion_map_permissions
from engage.outcomes import permissions as outcomes_permissions
from engage.proposals import permissions as proposals_permissions
from engage.proposals.diff import word_diff
from engage.staff import permissions as staff_permissions
from engage.surveys import permissions as surveys_permissions
from engage.text import one_full_stop, plain_excerpt, render_markdown

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


def _gettext(string: str) -> str:
    return translations().ugettext(string)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return translations().ungettext(singular, plural, num)


def _pgettext(context: str, string: str) -> str:
    return translations().upgettext(context, string)


def _npgettext(context: str, singular: str, plural: str, num: int) -> str:
    return translations().unpgettext(context, singular, plural, num)


@lru_cache(maxsize=8192)
def _format_datetime(value: datetime, fmt: str, locale: str, zone: str) -> str:
    """Kept by everything the text depends on (Flask-Babel reads the same locale and zone)."""
    return format_datetime(value, fmt)


def merge_rules(*tables: dict[str, Callable]) -> dict[str, Callable]:
    merged: dict[str, Callable] = {}
    for table in tables:
        for name, rule in table.items():
            if merged.setdefault(name, rule) is not rule:
                raise ValueError(f"Two rules are called {name!r} in templates.")
    return merged


# What templates name a rule: {{ can("support", proposal) }}; each feature lists its own.
PREDICATES = merge_rules(
    permissions.PREDICATES,
    accounts_permissions.PREDICATES,
    audit_permissions.PREDICATES,
    consultations_permissions.PREDICATES,
    proposals_permissions.PREDICATES,
    amendments_permissions.PREDICATES,
    comments_permissions.PREDICATES,
    drafts_permissions.PREDICATES,
    outcomes_permissions.PREDICATES,
    guidelines_permissions.PREDICATES,
    moderation_permissions.PREDICATES,
    notifications_permissions.PREDICATES,
    opinion_map_permissions.PREDICATES,
    staff_permissions.PREDICATES,
    surveys_permissions.PREDICATES,
)
# ... and its reason: {{ why_not("support", proposal) }}.
REFUSALS = merge_rules(
    proposals_permissions.REFUSALS,
    amendments_permissions.REFUSALS,
    comments_permissions.REFUSALS,
    opinion_map_permissions.REFUSALS,
)


def can(action: str, *args) -> bool:
    # The person, not Flask-Login's proxy: predicates read several attributes, and every
    # read through the proxy looks the person up again.
    return PREDICATES[action](current_user._get_current_object(), *args)


def why_not(action: str, *args) -> str | None:
    """The reason a control is missing for the current person, or None when allowed."""
    return REFUSALS[action](current_user, *args)


@pass_context
def ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    """Jinja's ngettext, with the count in the reader's number format (1,234 / 1.234).

    Messages keep ``%(num)d`` so catalogues need no change; it is shown as the
    formatted number.
    """
    text = translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        # As Jinja's own: the catalogue is trusted, the variables get escaped by %.
        text = Markup(text)  # noqa: S704
    variables.setdefault("num", format_number(num))
    return text.replace("%(num)d", "%(num)s") % variables


def consultation_trail(consultation, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """The breadcrumbs above a consultation's inner pages (base.html's ``breadcrumb_trail``):
    Consultations, the consultation, then ``more`` (url, label) pairs."""
    return [
        (url_for("consultations.list_consultations"), _l("Consultations")),
        (url_for("consultations.view_consultation", slug=consultation.slug), consultation.title),
        *more,
    ]


def init_app(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    app.jinja_env.filters["numberformat"] = format_number
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["excerpt"] = plain_excerpt
    app.jinja_env.filters["one_full_stop"] = one_full_stop
    app.jinja_env.globals.update(
        can=can,
        why_not=why_not,
        role_label=role_label,
        csrf_token=fragments.csrf_token,
        ActionForm=ActionForm,
        conflict_rows=conflict_rows,
        word_diff=word_diff,
        consultation_trail=consultation_trail,
    )
    # After Flask-Babel installed its own (create_app initialises Babel first).
    app.jinja_env.globals["ngettext"] = ngettext
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.template_filter("iso_datetime")
    def _iso_datetime(value: datetime | None) -> str:
        """For <time datetime>: UTC to the second. HTML allows at most three digits of a
        second's fraction, and the database keeps six."""
        if value is None:
            return ""
        if value.tzinfo is None:  # stored as UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @app.template_filter("datetime")
    def _datetime(value: datetime | None, fmt: str = "medium") -> str:
        return _format_datetime(value, fmt, str(get_locale()), str(get_timezone())) if value else ""

    @app.context_processor
    def page_context():
        locale = str(get_locale())
        return {
            "html_lang": locale,
            "html_dir": text_direction(locale),
            "languages": current_app.config["LANGUAGES"],
            "site_name": current_app.config["SITE_NAME"],
            "branding": current_app.extensions["branding"],
            "phase": current_app.config["PHASE_BANNER"],
            "feedback_url": current_app.config["FEEDBACK_URL"],
            "htmx_config": HTMX_CONFIG,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
