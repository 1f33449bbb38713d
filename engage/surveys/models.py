"""A questionnaire on a consultation: sections of questions, options, and the responses.

Answers are stored one row per fact, so results are plain GROUP BYs: a single choice is
one row with its option; a multiple choice one row per option ticked; a ranking one row
per option with its rank; a scale or a number one row with ``number``; a text, or the
text of "other, please say", one row with ``text`` (and no option).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.channels import Channel
from engage.database import UTCDateTime, utcnow
from engage.extensions import db

if TYPE_CHECKING:
    from engage.consultations.models import Consultation


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RANKING = "ranking"
    SCALE = "scale"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


class TextStatus(StrEnum):
    """A text answer waits for moderation (held), then is published or hidden; only
    published ones are shown."""

    PUBLISHED = "published"
    HELD = "held"
    HIDDEN = "hidden"


class Questionnaire(db.Model):
    """A survey (pages of questions) or a quick poll (one question, on the consultation
    page). Frozen once the first answer arrives: options then change only in spelling."""

    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    is_poll: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    # Results are public once the consultation closes, or while it is open if chosen.
    results_live: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Staff actions stay, signed by the former participant (engage/privacy/registry.py).
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), info={"account_deletion": "reassign"}
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    response_count: Mapped[int] = mapped_column(default=0, server_default="0")

    consultation: Mapped[Consultation] = relationship(lazy="joined")
    sections: Mapped[list[QuestionnaireSection]] = relationship(
        order_by="QuestionnaireSection.position", back_populates="questionnaire"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class QuestionnaireSection(db.Model):
    """One page of the questionnaire."""

    __tablename__ = "questionnaire_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="sections")
    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position", back_populates="section"
    )


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_sections.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    # Multiple choice: at most this many (None: any number).
    max_choices: Mapped[int | None] = mapped_column()
    # Choices: an "other, please say" answer with its own text.
    allow_other: Mapped[bool] = mapped_column(default=False)
    # Scale: its ends and their labels ("Not at all comfortable" … "Very comfortable").
    # Number: its range.
    min_value: Mapped[int | None] = mapped_column()
    max_value: Mapped[int | None] = mapped_column()
    min_label: Mapped[str] = mapped_column(String(120), default="")
    max_label: Mapped[str] = mapped_column(String(120), default="")
    # Shown only when an earlier question was answered with this option.
    condition_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL")
    )
    # (No foreign key: options refer to questions, and a cycle of keys can't be created
    # table by table; the editor checks the option belongs to the condition's question.)
    condition_option_id: Mapped[int | None] = mapped_column()

    section: Mapped[QuestionnaireSection] = relationship(back_populates="questions")
    options: Mapped[list[QuestionOption]] = relationship(
        order_by="QuestionOption.position",
        back_populates="question",
        foreign_keys="QuestionOption.question_id",
    )

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def is_conditional(self) -> bool:
        return self.condition_option_id is not None


class QuestionOption(db.Model):
    __tablename__ = "question_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(300))

    question: Mapped[Question] = relationship(back_populates="options", foreign_keys=[question_id])


class QuestionTranslation(db.Model):
    """A question's texts in another language; an empty field shows the original."""

    __tablename__ = "question_translations"
    __table_args__ = (UniqueConstraint("question_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    prompt: Mapped[str] = mapped_column(String(500), default="")
    help_text: Mapped[str] = mapped_column(Text, default="")
    min_label: Mapped[str] = mapped_column(String(120), default="")
    max_label: Mapped[str] = mapped_column(String(120), default="")


class OptionTranslation(db.Model):
    __tablename__ = "question_option_translations"
    __table_args__ = (UniqueConstraint("option_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("question_options.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(300), default="")


class SurveyResponse(db.Model):
    """One person's answers (or one paper or phone questionnaire an official typed in).

    Online, one per person, changed until the consultation closes; ``submitted_at`` is
    empty while pages are still being filled in (save and continue later). Only
    submitted responses count in results."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "respondent_id"),
        Index("ix_survey_responses_questionnaire_submitted", "questionnaire_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE")
    )
    # The person answering online; None for paper and phone answers. On account deletion
    # the answers stay (the results and their tallies add up), no longer theirs.
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), info={"account_deletion": "reassign"}
    )
    channel: Mapped[str] = mapped_column(String(10), default=Channel.ONLINE)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), info={"account_deletion": "reassign"}
    )
    received_on: Mapped[date | None] = mapped_column()
    # The furthest page saved, for "continue where you left off".
    pages_done: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    answers: Mapped[list[Answer]] = relationship(back_populates="response")
    # For "Your contributions" (its receipt names the questionnaire).
    questionnaire: Mapped[Questionnaire] = relationship(viewonly=True)


class Answer(db.Model):
    __tablename__ = "survey_answers"
    __table_args__ = (
        # Results: counted per question by index only.
        Index("ix_survey_answers_results", "question_id", "counted", "option_id", "rank", "number"),
        Index("ix_survey_answers_response", "response_id", "question_id"),
        # The latest published texts of a question.
        Index("ix_survey_answers_texts", "question_id", "text_status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    option_id: Mapped[int | None] = mapped_column(ForeignKey("question_options.id"))
    rank: Mapped[int | None] = mapped_column()
    number: Mapped[int | None] = mapped_column()
    text: Mapped[str | None] = mapped_column(Text)
    text_status: Mapped[str | None] = mapped_column(String(10))
    # The response was submitted: kept on the answer so results need no join.
    counted: Mapped[bool] = mapped_column(default=False)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyTally(db.Model):
    """How many counted answers a question has under one key (engage.surveys.tallies)."""

    __tablename__ = "survey_tallies"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=0)


class BreakdownTally(db.Model):
    """How many counted answers chose ``option`` of a choice question among the people who
    answered the single choice ``by_question`` with ``by_option`` (a ranking counts its
    first choice): the results page's breakdowns, read instead of joining every answer
    to its group (engage.surveys.tallies)."""

    __tablename__ = "survey_breakdown_tallies"

    by_question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    by_option_id: Mapped[int] = mapped_column(
        ForeignKey("question_options.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("question_options.id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(default=0)
