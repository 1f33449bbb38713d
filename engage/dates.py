"""Dates as people read and type them: in the site's timezone, stored in UTC."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from engage.database import utcnow

# <input type="datetime-local"> sends and expects this shape.
INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def site_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def when(value: datetime | None, time: bool = True) -> str:
    """'12 March 2027, 17:00' in the reader's language and the site's timezone."""
    if value is None:
        return ""
    return _when(value, site_timezone_name(), str(get_locale()), time)


@lru_cache(maxsize=8192)
def _when(value: datetime, zone: str, locale: str, time: bool) -> str:
    """Formatting is pure given these, and costs more than a whole query: pages with many
    dates (threads, lists) reuse the text. The locale is in the key, so is the wording."""
    local = value.astimezone(ZoneInfo(zone))
    day = format_skeleton("yMMMMd", local, locale=locale)
    if not time:
        return day
    return _("%(day)s, %(time)s", day=day, time=format_skeleton("Hm", local, locale=locale))


def site_timezone_name() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def local_to_utc(value: datetime | None) -> datetime | None:
    """A naive date-time typed into a form, read in the site's timezone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=site_timezone())
    return value.astimezone(UTC)


def utc_to_local(value: datetime | None) -> datetime | None:
    """For filling a datetime-local input: naive, in the site's timezone, to the minute."""
    if value is None:
        return None
    return value.astimezone(site_timezone()).replace(tzinfo=None, second=0, microsecond=0)


def due_text(due: datetime, now: datetime) -> str:
    """'12 days left' (a part day counts), 'due today' or '3 days overdue' (whole days)."""
    days = (due - now).total_seconds() / 86400
    if days > 0:
        left = math.ceil(days)
        return ngettext("%(num)d day left", "%(num)d days left", left)
    overdue = math.floor(-days)
    if overdue == 0:
        return _("due today")
    return ngettext("%(num)d day overdue", "%(num)d days overdue", overdue)


def overdue_text(due: datetime, now: datetime | None = None) -> str:
    """'Overdue by 3 days' (whole days past the due time), or 'Overdue by less than a day'."""
    days = math.floor(((now or utcnow()) - due).total_seconds() / 86400)
    if days < 1:
        return _("Overdue by less than a day")
    return ngettext("Overdue by %(num)d day", "Overdue by %(num)d days", days)
