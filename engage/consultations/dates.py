"""Dates as people read and type them: in the site's timezone, stored in UTC."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

# <input type="datetime-local"> sends and expects this shape.
INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def site_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def when(value: datetime | None, time: bool = True) -> str:
    """'12 March 2027, 17:00' in the reader's language and the site's timezone."""
    if value is None:
        return ""
    local = value.astimezone(site_timezone())
    locale = get_locale()
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


def days_between(start: datetime, end: datetime) -> int:
    """Whole days from start to end, counting a part day as a day."""
    return math.ceil((end - start).total_seconds() / 86400)


def due_text(due: datetime, now: datetime) -> str:
    """'12 days left', 'due today' or '3 days overdue'."""
    days = days_between(now, due)
    if days > 0 and due > now:
        return ngettext("%(num)d day left", "%(num)d days left", days)
    overdue = days_between(due, now)
    if overdue <= 0 or due > now:
        return _("due today")
    return ngettext("%(num)d day overdue", "%(num)d days overdue", overdue)
