"""A resident with something in every feature, and a scan of the whole database for them."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, or_, select

from engage.accounts.events import record_security_event
from engage.audit.service import record
from engage.comments import service as comments
from engage.database import utcnow
from engage.extensions import db
from engage.moderation.decision_models import Appeal, ModerationAction, Suspension
from engage.moderation.models import ModerationCase, Report
from engage.notifications.models import Delivery, Digest, EmailSetting, Follow, Notice
from engage.privacy import registry
from engage.proposals import service as proposals

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quill@example.org"
MARK = "QZXMARK"  # in every text the resident writes


def busy_resident(f):
    """The resident, and what they took part in: (person, consultation, proposal, comment)."""
    person = f.user(name=NAME, email=EMAIL)
    other = f.user()
    moderator = f.user("moderator")
    consultation = f.consultation("open")
    proposal = f.proposal(
        consultation, author=person, title=f"Bike lanes {MARK}", body=f"My idea {MARK}."
    )
    f.proposal_version(proposal, title=f"Earlier {MARK}", body=f"Earlier body {MARK}.")
    theirs = f.proposal(consultation, author=other)
    proposals.support(person, theirs)
    proposals.support(other, proposal)
    comment = f.comment(on=proposal, author=person, body=f"A comment {MARK}.")
    comments.edit_comment(comment, f"An edited comment {MARK}.")
    reply = f.comment(parent=comment, author=other, body="A reply from someone else.")
    f.comment(parent=reply, author=person, body=f"My answer {MARK}.")
    comments.vote(person, reply, 1)
    comments.vote(other, comment, 1)
    amendment = f.amendment(author=person, rationale=f"Because {MARK}.")
    from engage.amendments import service as amendments

    amendments.support(other, amendment)
    amendments.support(person, f.amendment(author=other))
    f.coauthor_invitation(person, proposal=theirs, status="accepted")
    case = ModerationCase(
        target_type="comment", target_id=reply.id, trigger="report", author_id=other.id
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(
        Report(
            case_id=case.id,
            target_type="comment",
            target_id=reply.id,
            reporter_id=person.id,
            reason="spam",
            detail=f"Looks like spam {MARK}",
        )
    )
    action = ModerationAction(
        target_type="comment",
        target_id=comment.id,
        author_id=person.id,
        moderator_id=moderator.id,
        action="hide",
        public_ref="M-TEST-1",
    )
    db.session.add(action)
    db.session.flush()
    db.session.add(Appeal(action_id=action.id, appellant_id=person.id, statement=f"No {MARK}"))
    db.session.add(
        Suspension(
            user_id=person.id,
            moderator_id=moderator.id,
            action_id=action.id,
            reason="Test suspension",
            ends_at=utcnow() - timedelta(days=1),
        )
    )
    db.session.add(Follow(user_id=person.id, target_type="consultation", target_id=consultation.id))
    digest = Digest(user_id=person.id, notice_count=1)
    db.session.add(digest)
    db.session.flush()
    notice = Notice(
        user_id=person.id,
        kind="reply",
        target_type="comment",
        target_id=reply.id,
        actor_id=other.id,
        digest_id=digest.id,
    )
    db.session.add(notice)
    db.session.add(
        Notice(
            user_id=other.id,
            kind="reply",
            target_type="comment",
            target_id=comment.id,
            actor_id=person.id,
        )
    )
    db.session.add(EmailSetting(user_id=person.id, group="replies", frequency="daily"))
    db.session.add(
        Delivery(user_id=person.id, to_address=EMAIL, subject=f"Hello {NAME}", message=b"x")
    )
    from engage.opinion_map.models import OpinionStatement, OpinionVote

    statement = OpinionStatement(
        consultation_id=consultation.id,
        text=f"Fewer cars {MARK}",
        normalized_text=f"fewer cars {MARK.lower()}",
        author_id=person.id,
        agree_count=1,
    )
    db.session.add(statement)
    db.session.flush()
    db.session.add(
        OpinionVote(
            consultation_id=consultation.id, statement_id=statement.id, user_id=person.id, value=1
        )
    )
    _survey_answers(f, person, consultation)
    record_security_event(person, "signed_in")
    record(person, "test.own_action", "user", person.id)
    db.session.commit()
    return person, consultation, proposal, comment


def _survey_answers(f, person, consultation) -> None:
    """A submitted survey response with a published text answer and an "other" text."""
    from engage.surveys.models import Answer, SurveyResponse
    from tests.surveys.helpers import survey

    made = survey(f, consultation)
    response = SurveyResponse(
        questionnaire_id=made.questionnaire.id, respondent_id=person.id, submitted_at=utcnow()
    )
    db.session.add(response)
    db.session.flush()
    db.session.add_all(
        [
            Answer(
                response_id=response.id,
                question_id=made.long.id,
                text=f"Cameras make me uneasy {MARK}",
                text_status="published",
                counted=True,
            ),
            Answer(
                response_id=response.id,
                question_id=made.single.id,
                text=f"Other: one day {MARK}",
                text_status="held",
                counted=True,
            ),
        ]
    )


def rows_naming(user_id: int) -> dict[str, int]:
    """Counted straight from the database: rows per table whose user column is this id."""
    counts = {}
    for table, columns in registry.by_table().items():
        counts[table.name] = db.session.scalar(
            select(func.count()).select_from(table).where(or_(*(c == user_id for c in columns)))
        )
    return counts


def personal_data_left(*needles: str) -> list[str]:
    """Every (table.column) whose stored text holds one of ``needles``, across all tables."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for name, value in row.items():
                if value is None:
                    continue
                if isinstance(value, bytes):
                    text = value.decode("utf-8", "replace")
                elif isinstance(value, dict | list):
                    text = json.dumps(value, ensure_ascii=False)
                else:
                    text = str(value)
                for needle in needles:
                    if needle.lower() in text.lower():
                        found.append(f"{table.name}.{name}: {needle}")
    return sorted(set(found))
