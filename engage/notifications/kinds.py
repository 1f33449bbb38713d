"""Kinds of notice, the email groups people choose a frequency for, and what notices say.

Fine-grained kinds keep the wording exact; people choose per group (six choices, not ten).
Defaults don't flood: what is about *you* (a reply, an answer, a moderator's decision)
comes right away; what is about things you follow waits for the daily digest.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


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
        "moderation_action": lambda: _(
            "A moderator acted on your contribution in “%(title)s”.", title=title
        ),
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
