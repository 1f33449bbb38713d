"""Surveys and polls (issue 17): the questionnaires' questions and options as published,
and their answers once the results are public (when the consultation closes, or while it
is open if the officials show results live), the same answers the results page counts.

Answers are published one row per fact, as they are stored: a single choice is a row with
its option, a multiple choice a row per option ticked, a ranking a row per option with
its rank, a scale or number a row with the number, a text (or the words of "other, please
say") a row with the text, which is null until a moderator has published it. Respondents
are a pseudonym per response ("r-…"), not the person ids of the other datasets: how
someone answered a questionnaire (their age, their neighbourhood) can't be joined to what
they signed with their name.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from engage.channels import Channel
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.opendata.core import joined, keyset_source, of_published, plain
from engage.opendata.fields import BOOLEAN, INTEGER, STRING, Dataset, Field, optional_text
from engage.opendata.pseudonyms import respondent_id
from engage.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireSection,
    QuestionOption,
    SurveyResponse,
    TextStatus,
)

CHANNELS = tuple(c.value for c in Channel)


def _published(query):
    query = of_published(query, Questionnaire.consultation_id)
    return query.where(Questionnaire.published_at.is_not(None))


def _questions_query():
    query = (
        select(
            Question,
            Questionnaire.consultation_id.label("consultation_id"),
            Questionnaire.title.label("questionnaire_title"),
            Questionnaire.is_poll.label("is_poll"),
            QuestionnaireSection.position.label("page"),
            QuestionnaireSection.title.label("page_title"),
        )
        .join(Questionnaire, Questionnaire.id == Question.questionnaire_id)
        .join(QuestionnaireSection, QuestionnaireSection.id == Question.section_id)
    )
    return _published(query)


def _options_query():
    query = (
        select(QuestionOption, Questionnaire.consultation_id.label("consultation_id"))
        .join(Question, Question.id == QuestionOption.question_id)
        .join(Questionnaire, Questionnaire.id == Question.questionnaire_id)
    )
    return _published(query)


def _answers_query():
    """Counted answers (sent, or entered from paper) of questionnaires whose results are
    public, as on the results page (engage.surveys.permissions.results_are_public)."""
    query = (
        select(
            Answer.id,
            Questionnaire.consultation_id,
            Question.questionnaire_id,
            Answer.question_id,
            Answer.response_id,
            SurveyResponse.channel,
            Answer.option_id,
            Answer.rank,
            Answer.number,
            Answer.text,
            Answer.text_status,
        )
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Questionnaire, Questionnaire.id == Question.questionnaire_id)
        .where(Answer.counted.is_(True))
    )
    now = utcnow()
    public = or_(
        Consultation.closes_at <= now,
        Consultation.outcome_published_at.is_not(None),
        and_(Questionnaire.results_live.is_(True), Consultation.opens_at <= now),
    )
    return _published(query).where(public)


QUESTIONS = Dataset(
    name="survey_questions",
    title=_l("Survey questions"),
    summary=_l(
        "Every question of the published surveys and quick polls: its page, type, "
        "rules and the question it depends on."
    ),
    fields=(
        Field("id", INTEGER, "Question id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("questionnaire_id", INTEGER, "The survey or poll it belongs to."),
        Field("questionnaire_title", STRING, "The survey's or poll's title."),
        Field("is_poll", BOOLEAN, "A quick poll (one question, on the consultation's page)."),
        Field("page", INTEGER, "The page of the survey it is on, from 1."),
        Field("page_title", STRING, "That page's title."),
        Field("position", INTEGER, "Its place on the page, from 1."),
        Field(
            "kind",
            STRING,
            "single (one option), multiple (any options, at most max_choices), ranking "
            "(every option given a rank), scale (a whole number from min_value to "
            "max_value), number (a whole number in its range), short_text or long_text.",
            enum=tuple(k.value for k in QuestionKind),
        ),
        Field("prompt", STRING, "The question, in the language it was written in."),
        optional_text("help_text", "Its help text."),
        Field("required", BOOLEAN, "An answer is required to send the survey online."),
        Field("max_choices", INTEGER, "Multiple choice: at most this many.", True),
        Field("allow_other", BOOLEAN, "Offers 'other, please say' (a text answer)."),
        Field("min_value", INTEGER, "Scale or number: the lowest.", True),
        Field("max_value", INTEGER, "Scale or number: the highest.", True),
        optional_text("min_label", "Scale: the label of its lowest end."),
        optional_text("max_label", "Scale: the label of its highest end."),
        Field(
            "condition_question_id",
            INTEGER,
            "Shown only to people who answered this earlier question ...",
            True,
        ),
        Field(
            "condition_option_id",
            INTEGER,
            "... with this option (see survey_options).",
            True,
        ),
    ),
    source=keyset_source(_questions_query, Question.id, Questionnaire.consultation_id, read=joined),
)

OPTIONS = Dataset(
    name="survey_options",
    title=_l("Survey options"),
    summary=_l("The options of every choice and ranking question of the published surveys."),
    fields=(
        Field("id", INTEGER, "Option id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("question_id", INTEGER, "The question (see survey_questions)."),
        Field("position", INTEGER, "Its place in the list, from 1."),
        Field("label", STRING, "The option, in the language it was written in."),
    ),
    source=keyset_source(
        _options_query, QuestionOption.id, Questionnaire.consultation_id, read=joined
    ),
)


def _text(row) -> str | None:
    return row.text if row.text_status == TextStatus.PUBLISHED else None


ANSWERS = Dataset(
    name="survey_answers",
    title=_l("Survey answers"),
    summary=_l(
        "Every answer counted in a survey's or poll's results, once they are public, one "
        "row per option chosen, rank, number or text, with a pseudonymous respondent id "
        "for each response. Text answers only once a moderator has published them."
    ),
    fields=(
        Field("id", INTEGER, "Answer id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("questionnaire_id", INTEGER, "The survey or poll."),
        Field("question_id", INTEGER, "The question (see survey_questions)."),
        Field(
            "respondent_id",
            STRING,
            "The response: a pseudonym shared by the rows of one person's (or one paper "
            "form's) answers to this questionnaire, and found in no other dataset.",
            value=lambda row: respondent_id(row.response_id),
        ),
        Field("channel", STRING, "How it was received.", enum=CHANNELS),
        Field(
            "option_id",
            INTEGER,
            "Choices and rankings: the option (see survey_options); null for a number, a "
            "text, or the words of 'other, please say'.",
            True,
        ),
        Field("rank", INTEGER, "Rankings: the option's place, 1 for first.", True),
        Field("number", INTEGER, "Scales and numbers: the answer.", True),
        Field(
            "text",
            STRING,
            "Text answers and 'other, please say': the words, once a moderator has "
            "published them; null while they wait or when they are hidden.",
            True,
            value=_text,
        ),
    ),
    source=keyset_source(_answers_query, Answer.id, Questionnaire.consultation_id, read=plain),
    has_items=False,
)

SURVEYS = (QUESTIONS, OPTIONS, ANSWERS)
