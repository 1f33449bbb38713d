"""Demo moderation intake: a comment hidden after three reports, waiting for a moderator,
and a newcomer's first comment held for review. Skipped once they exist."""

from __future__ import annotations

from sqlalchemy import select

from engage.comments.models import Comment
from engage.comments.service import post_comment
from engage.comments.targets import Target
from engage.extensions import db
from engage.moderation import content, intake
from engage.moderation.models import NEW_ACCOUNT

INSULT = "Anyone who wants these cameras is a fool and should be ashamed of themselves."
FIRST_POST = "I'm new here. Will the cameras also be used at football matches?"


def seed_intake(consultation, residents) -> None:
    if len(residents) < 12:
        return
    if db.session.scalar(select(Comment.id).where(Comment.body == INSULT)) is not None:
        return
    target = Target("consultation", consultation, consultation)

    insult = post_comment(residents[4], target, INSULT)
    for who in (1, 2, 3):
        intake.report(residents[who], insult, "harassment", "Name-calling.")

    # As if MODERATION_NEW_ACCOUNT_POSTS were on when this newcomer posted.
    first = post_comment(residents[0], target, FIRST_POST)
    if content.set_visibility(first, content.PENDING):
        intake.open_case(first, NEW_ACCOUNT, public_reason=intake.AWAITING_REVIEW)
    db.session.flush()
