"""The public moderation log, as the site's own log page shows it: what was decided, under
which rule, about what kind of item, and how appeals ended. No names and no item ids:
the same anonymous reference for every action on one item, and never the moderator."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import lazyload

from engage.consultations.models import Consultation
from engage.moderation.decision_models import AppealStatus, Decision, ModerationAction
from engage.opendata.core import keyset_source
from engage.opendata.fields import DATETIME, INTEGER, STRING, Dataset, Field, through


def _log():
    return (
        select(ModerationAction)
        .outerjoin(Consultation, ModerationAction.consultation_id == Consultation.id)
        .where(
            or_(ModerationAction.consultation_id.is_(None), Consultation.published_at.is_not(None)),
        )
        .options(lazyload(ModerationAction.moderator))
    )


MODERATION_LOG = Dataset(
    name="moderation_log",
    title=_l("Moderation log"),
    summary=_l("Every moderation decision, with the rule it cited. No names."),
    fields=(
        Field("id", INTEGER, "Decision id."),
        Field("consultation_id", INTEGER, "Where it happened; null for accounts.", nullable=True),
        Field("created_at", DATETIME, "When it was decided (UTC)."),
        Field("action", STRING, "What was decided.", enum=tuple(Decision)),
        Field(
            "item_type",
            STRING,
            "What kind of item it was about.",
            enum=("proposal", "comment", "amendment", "opinion_statement", "user"),
            value=lambda a: a.target_type,
        ),
        Field(
            "reference",
            STRING,
            "Anonymous reference, the same for every decision on one item.",
            value=lambda a: a.public_ref,
        ),
        Field(
            "rule_number",
            INTEGER,
            "The community guideline it cited (none for a restore or an automatic hide).",
            nullable=True,
            value=through("rule.number"),
        ),
        Field(
            "rule_title",
            STRING,
            "That guideline's title.",
            nullable=True,
            value=through("rule.title"),
        ),
        Field(
            "guidelines_version",
            INTEGER,
            "The guidelines' version number then.",
            nullable=True,
            value=through("guidelines_version.number"),
        ),
        Field(
            "appeal",
            STRING,
            "The appeal against it, if any.",
            nullable=True,
            enum=tuple(AppealStatus),
            value=through("appeal.status"),
        ),
    ),
    source=keyset_source(_log, ModerationAction.id, ModerationAction.consultation_id),
)

MODERATION = (MODERATION_LOG,)
