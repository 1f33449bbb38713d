"""Demo moderation.

Decisions: the guidelines, a hidden comment with an appeal, a dismissed report, and a case
still waiting in the queue; skipped once any decision exists. Intake: a comment hidden
after three reports, waiting for a moderator, and a newcomer's first comment held for
review; skipped once they exist."""

from __future__ import annotations

from sqlalchemy import select

from engage.accounts.models import find_user_by_email
from engage.comments.models import Comment
from engage.comments.service import post_comment
from engage.comments.targets import Target
from engage.extensions import db
from engage.guidelines.service import current_version
from engage.moderation import content, intake
from engage.moderation.appeals import service as appeals
from engage.moderation.decision_models import AppealStatus, Decision, ModerationAction
from engage.moderation.decisions import service as actions
from engage.moderation.models import CaseTrigger, Visibility

INSULT = "Anyone who wants these cameras is a fool and should be ashamed of themselves."
FIRST_POST = "I'm new here. Will the cameras also be used at football matches?"


def seed_decisions(consultation, residents) -> None:
    current_version()
    if db.session.scalar(select(ModerationAction.id).limit(1)) is not None:
        return
    moderator = find_user_by_email("moderator@example.org")
    admin = find_user_by_email("admin@example.org")
    if moderator is None or admin is None or len(residents) < 12:
        return
    target = Target("consultation", consultation, consultation)

    def say(who: int, body: str):
        return post_comment(residents[who], target, body)

    def reported(comment, reason: str, by: range, detail: str = ""):
        for who in by:
            intake.report(residents[who], comment, reason, detail)
        return intake.open_case_for("comment", comment.id)

    # Hidden under rule 3, appealed, upheld by a second moderator.
    address = say(5, "The officer who runs the pilot lives at 14 Orchard Lane; ask him there.")
    case = reported(address, "personal_information", range(6, 9), "A home address.")
    note = "It gives a private home address. Ask the department instead."
    hide = actions.act(moderator, case, Decision.HIDE, rule_number=3, note=note)
    appeal = appeals.file_appeal(residents[5], hide, "He is a public official.")
    appeals.decide(
        admin,
        appeal,
        AppealStatus.UPHELD,
        "Officials' work is fair to discuss; their home address is not.",
    )

    # A report that broke no rule.
    blunt = say(9, "This consultation is a fig leaf: the cameras are already bought.")
    actions.act(moderator, reported(blunt, "off_topic", range(10, 11)), Decision.DISMISS)

    # Still waiting in the queue.
    advert = say(11, "Cheap dashcams at www.example.com/deal, www.example.com/deal2, best prices!")
    reported(advert, "spam", range(1, 3), "An advert.")
    db.session.flush()


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
    if content.set_visibility(first, Visibility.PENDING):
        intake.open_case(first, CaseTrigger.NEW_ACCOUNT, public_reason=intake.AWAITING_REVIEW)
    db.session.flush()
