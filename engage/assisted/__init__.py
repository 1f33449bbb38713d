"""Assisted participation: input received on paper, by phone or at an event, recorded by
officials for a named or anonymous resident, labelled with its channel everywhere."""

from __future__ import annotations

from babel.dates import format_skeleton
from flask import Blueprint
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.assisted.permissions import recording_refusal
from engage.channels import Channel

bp = Blueprint("assisted", __name__)

CHANNEL_LABELS = {
    Channel.ONLINE: _l("Online"),
    Channel.PAPER: _l("On paper"),
    Channel.PHONE: _l("By phone"),
    Channel.EVENT: _l("At a community event"),
}


def channel_label(channel: str) -> str:
    return str(CHANNEL_LABELS.get(channel, channel))


def channel_count_text(channel: str, n: int) -> str:
    """'120 online', '14 on paper', '3 by phone', '2 at events'."""
    return {
        Channel.ONLINE: lambda: ngettext("%(num)d online", "%(num)d online", n),
        Channel.PAPER: lambda: ngettext("%(num)d on paper", "%(num)d on paper", n),
        Channel.PHONE: lambda: ngettext("%(num)d by phone", "%(num)d by phone", n),
        Channel.EVENT: lambda: ngettext("%(num)d at an event", "%(num)d at events", n),
    }.get(channel, lambda: f"{n} {channel}")()


def byline(item) -> str:
    """Who an assisted proposal or comment came from, and who recorded it.

    'Submitted on paper by Maria G., recorded by Olu Official', or
    'Anonymous, received by phone, recorded by Olu Official'.
    """
    official = item.author.display_name
    name = item.submitted_for_name
    if name:
        text = {
            Channel.PAPER: _("Submitted on paper by %(name)s, recorded by %(official)s"),
            Channel.PHONE: _("Submitted by phone by %(name)s, recorded by %(official)s"),
            Channel.EVENT: _(
                "Submitted at a community event by %(name)s, recorded by %(official)s"
            ),
        }.get(item.channel)
    else:
        text = {
            Channel.PAPER: _("Anonymous, received on paper, recorded by %(official)s"),
            Channel.PHONE: _("Anonymous, received by phone, recorded by %(official)s"),
            Channel.EVENT: _("Anonymous, received at a community event, recorded by %(official)s"),
        }.get(item.channel)
    if text is None:
        return official
    return text % {"name": name, "official": official}


def is_assisted(item) -> bool:
    return getattr(item, "channel", Channel.ONLINE) != Channel.ONLINE


def received_day(value) -> str:
    """A received date in the reader's language: '14 March 2026'."""
    return format_skeleton("yMMMMd", value, locale=get_locale()) if value else ""


@bp.record_once
def _template_helpers(state) -> None:
    import engage.assisted.queries  # noqa: F401  (registers the input counter's insert hook)

    app = state.app
    for function in (channel_label, channel_count_text, is_assisted, recording_refusal):
        app.add_template_global(function)
    app.add_template_global(byline, "byline_text")
    app.add_template_global(tuple(Channel), "CHANNEL_ORDER")
    app.add_template_filter(received_day, "received_day")
