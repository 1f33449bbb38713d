"""Kinds of notice, the email groups people choose a frequency for, and what notices say.

Fine-grained kinds keep the wording exact; people choose per group (six choices, not ten).
Defaults don't flood: what is about *you* (a reply, an answer, a moderator's decision)
comes right away; what is about things you follow waits for the daily digest.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext


class Frequency(StrEnum):
    """How often a person wants the emails of one group."""

    NOW = "immediately"
    DIGEST = "digest"
    NEVER = "never"


# Not a group: what a digest's unsubscribe link stops (every group sent in the digest).
ALL_DIGESTS = "digest"

# group -> (label, default frequency)
GROUPS = {
    "replies": (_l("Replies to your comments"), Frequency.NOW),
    "answers": (_l("Answers and decisions on your proposals and amendments"), Frequency.NOW),
    "moderation": (_l("Moderation of your contributions and your appeals"), Frequency.NOW),
    "thresholds": (_l("Proposals you follow reaching their support threshold"), Frequency.DIGEST),
    "consultations": (
        _l("Consultations you follow opening, closing or publishing an outcome"),
        Frequency.DIGEST,
    ),
    "drafts": (_l("New versions of drafts you follow"), Frequency.DIGEST),
}

KIND_GROUP = {
    "comment_reply": "replies",
    "proposal_answered": "answers",
    "amendment_decided": "answers",
    "moderation_action": "moderation",
    "appeal_decided": "moderation",
    "proposal_threshold": "thresholds",
    "consultation_opened": "consultations",
    "consultation_closed": "consultations",
    "outcome_published": "consultations",
    "draft_version": "drafts",
}


def frequency_label(value: str) -> str:
    return {
        Frequency.NOW: _("Right away"),
        Frequency.DIGEST: _("In a daily digest"),
        Frequency.NEVER: _("Never"),
    }[value]


def message(kind: str, data: dict) -> str:
    """One sentence for the list, the header and emails, in the current language."""
    title = data.get("title", "")
    actor = data.get("actor", "")
    texts = {
        "comment_reply": lambda: _(
            "%(name)s replied to your comment on “%(title)s”.", name=actor, title=title
        ),
        "proposal_answered": lambda: _(
            "Your proposal “%(title)s” has an official answer.", title=title
        ),
        "amendment_decided": lambda: _("Your amendment to “%(title)s” was decided.", title=title),
        "moderation_action": lambda: _moderation_message(data),
        "appeal_decided": lambda: _("Your appeal about “%(title)s” was decided.", title=title),
        "proposal_threshold": lambda: _("“%(title)s” reached its support threshold.", title=title),
        "consultation_opened": lambda: _("“%(title)s” is open for input.", title=title),
        "consultation_closed": lambda: _("“%(title)s” has closed.", title=title),
        "outcome_published": lambda: _("“%(title)s” published its outcome.", title=title),
        "draft_version": lambda: _(
            "A new version of the draft for “%(title)s” is published.", title=title
        ),
    }
    return texts[kind]() if kind in texts else title


# Moderation notices -----------------------------------------------------------------------
# The data keeps the action, the item's kind and the rule as worded when the decision was
# taken (engage.notifications.listeners.on_moderation_decided); the words are chosen when
# the notice is shown, in the reader's language. Notices from before this data existed
# keep their general sentence.


def _item(data: dict) -> str:
    return {
        "comment": _("your comment"),
        "proposal": _("your proposal"),
        "amendment": _("your amendment"),
        "opinion_statement": _("your statement"),
    }.get(data.get("item", ""), _("your contribution"))


def _moderation_message(data: dict) -> str:
    action, title = data.get("action"), data.get("title", "")
    item, rule, rule_title = _item(data), data.get("rule"), data.get("rule_title", "")
    if action == "hide" and rule:
        return _(
            "A moderator hid %(item)s in “%(title)s” under rule %(n)d — %(rule)s.",
            item=item,
            title=title,
            n=rule,
            rule=rule_title,
        )
    if action == "request_edit" and rule:
        return _(
            "A moderator hid %(item)s in “%(title)s” and asked you to edit it, under rule "
            "%(n)d — %(rule)s.",
            item=item,
            title=title,
            n=rule,
            rule=rule_title,
        )
    if action == "suspend" and rule:
        return _(
            "A moderator suspended your account under rule %(n)d — %(rule)s.",
            n=rule,
            rule=rule_title,
        )
    if action == "auto_hide":
        return ngettext(
            "After %(num)d report, %(item)s in “%(title)s” was hidden automatically; it is "
            "held until a moderator reviews it.",
            "After %(num)d reports, %(item)s in “%(title)s” was hidden automatically; it is "
            "held until a moderator reviews it.",
            data.get("reports") or 0,
            item=item,
            title=title,
        )
    if action == "approve":
        return _(
            "A moderator approved %(item)s in “%(title)s”: it is now public.",
            item=item,
            title=title,
        )
    if action == "restore" and data.get("item") == "user":
        return _("A moderator lifted the suspension of your account.")
    if action == "restore":
        return _(
            "A moderator restored %(item)s in “%(title)s”: the earlier decision was "
            "overturned and it is public again.",
            item=item,
            title=title,
        )
    return _("A moderator acted on your contribution in “%(title)s”.", title=title)


def moderation_details(data: dict) -> dict:
    """What a moderation notice shows under its sentence: the rule cited with its text, the
    reason given, and what the person can do next (an appeal only where there is one)."""
    rule = data.get("rule")
    appeal_url = data.get("appeal_url", "")
    if data.get("action") == "auto_hide":
        next_step = _(
            "A moderator will look at it and decide. If you think it breaks no rule, you can "
            "appeal now: another moderator will read your reasons."
        )
    elif appeal_url:
        next_step = _(
            "If you think this decision is wrong, you can appeal once: another moderator "
            "reads your reasons and decides."
        )
    else:
        next_step = ""
    return {
        "rule": (
            _("Rule %(n)d — %(title)s", n=rule, title=data.get("rule_title", "")) if rule else ""
        ),
        "rule_text": data.get("rule_text", "") if rule else "",
        "reason": data.get("excerpt", ""),
        "next_step": next_step,
        "appeal_url": appeal_url,
    }
