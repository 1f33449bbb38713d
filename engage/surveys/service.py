"""Every write of surveys: building a questionnaire, saving and submitting answers,
recording paper and phone answers. Flushes, never commits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from engage import signals
from engage.audit.service import record
from engage.channels import Channel
from engage.database import increment, utcnow
from engage.extensions import db
from engage.surveys import tallies
from engage.surveys.answers import AnswerValue, Checked, shown
from engage.surveys.models import (
    Answer,
    OptionTranslation,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireSection,
    QuestionOption,
    QuestionTranslation,
    SurveyResponse,
    TextStatus,
)
from engage.surveys.queries import known_answers, questions_of, response_of

# How alike the old and new words of an option must be (difflib's ratio) after answers.
SPELLING_SIMILARITY = 0.75


class Frozen(Exception):
    """The questionnaire has answers: questions and options can't be added or removed."""


# Building ------------------------------------------------------------------------------


def create_questionnaire(
    official: Any, consultation: Any, title: str, *, is_poll: bool = False, intro: str = ""
) -> Questionnaire:
    questionnaire = Questionnaire(
        consultation_id=consultation.id,
        title=title,
        intro=intro,
        is_poll=is_poll,
        created_by_id=official.id,
    )
    db.session.add(questionnaire)
    db.session.flush()
    add_section(official, questionnaire, title)
    record(
        official, "questionnaire.create", "questionnaire", questionnaire.id, after={"title": title}
    )
    return questionnaire


def add_section(official: Any, questionnaire: Questionnaire, title: str) -> QuestionnaireSection:
    _not_frozen(questionnaire)
    section = QuestionnaireSection(
        questionnaire=questionnaire, title=title, position=len(questionnaire.sections) + 1
    )
    db.session.add(section)
    db.session.flush()
    return section


def add_question(
    official: Any,
    section: QuestionnaireSection,
    kind: str,
    prompt: str,
    *,
    options: Sequence[str] = (),
    help_text: str = "",
    required: bool = False,
    max_choices: int | None = None,
    allow_other: bool = False,
    min_value: int | None = None,
    max_value: int | None = None,
    min_label: str = "",
    max_label: str = "",
    condition_option: QuestionOption | None = None,
) -> Question:
    questionnaire = section.questionnaire
    _not_frozen(questionnaire)
    question = Question(
        questionnaire_id=questionnaire.id,
        section=section,
        position=len(section.questions) + 1,
        kind=QuestionKind(kind),
        prompt=prompt,
        help_text=help_text,
        required=required,
        max_choices=max_choices if kind == QuestionKind.MULTIPLE else None,
        allow_other=allow_other and kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE),
        min_value=min_value,
        max_value=max_value,
        min_label=min_label,
        max_label=max_label,
        condition_question_id=condition_option.question_id if condition_option else None,
        condition_option_id=condition_option.id if condition_option else None,
    )
    db.session.add(question)
    db.session.flush()
    for position, label in enumerate(options, start=1):
        db.session.add(QuestionOption(question_id=question.id, position=position, label=label))
    db.session.flush()
    db.session.refresh(question, ["options"])
    record(
        official,
        "questionnaire.add_question",
        "questionnaire",
        questionnaire.id,
        after={"question": question.id, "kind": str(kind), "prompt": prompt},
    )
    return question


def remove_question(official: Any, question: Question) -> None:
    questionnaire = db.session.get(Questionnaire, question.questionnaire_id)
    _not_frozen(questionnaire)
    record(
        official,
        "questionnaire.remove_question",
        "questionnaire",
        questionnaire.id,
        before={"question": question.id, "prompt": question.prompt},
    )
    # A rule pointing at it goes too: the question it ruled is then always shown.
    db.session.execute(
        update(Question)
        .where(Question.condition_question_id == question.id)
        .values(condition_question_id=None, condition_option_id=None),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(delete(QuestionOption).where(QuestionOption.question_id == question.id))
    db.session.execute(delete(Question).where(Question.id == question.id))
    db.session.flush()
    db.session.expire_all()


def correct_option(official: Any, option: QuestionOption, label: str) -> None:
    """Spelling corrections stay possible after the first answer; each is audited."""
    before = option.label
    if before == label:
        return
    option.label = label
    record(
        official,
        "questionnaire.correct_option",
        "question_option",
        option.id,
        before={"label": before},
        after={"label": label},
    )
    db.session.flush()


def correction_problem(option: QuestionOption, label: str) -> str | None:
    """Once answers arrived an option keeps its meaning: a correction must stay close to
    the old words (a spelling fix, not a different option)."""
    questionnaire = db.session.get(
        Questionnaire, db.session.get(Question, option.question_id).questionnaire_id
    )
    if not questionnaire.is_frozen:
        return None
    similarity = SequenceMatcher(None, option.label.casefold(), label.casefold()).ratio()
    if similarity < SPELLING_SIMILARITY:
        return _(
            "People have answered already, so an option can only have its spelling "
            "corrected, not be changed into another option."
        )
    return None


def publish_questionnaire(
    official: Any, questionnaire: Questionnaire, *, results_live: bool = False
) -> None:
    questionnaire.published_at = questionnaire.published_at or utcnow()
    questionnaire.results_live = results_live
    record(
        official,
        "questionnaire.publish",
        "questionnaire",
        questionnaire.id,
        after={"results_live": results_live},
    )
    db.session.flush()
    signals.questionnaire_published.send(questionnaire, actor=official)


def _not_frozen(questionnaire: Questionnaire) -> None:
    if questionnaire.is_frozen:
        raise Frozen


# Answering -----------------------------------------------------------------------------


def save_page(
    user: Any,
    questionnaire: Questionnaire,
    page: int,
    questions: Iterable[Question],
    checked: Checked,
) -> SurveyResponse:
    """Keep one page's answers (save and continue later): they replace what the person
    said on this page before; the response counts in results once submitted."""
    response = response_of(user, questionnaire)
    if response is None:
        response = SurveyResponse(questionnaire_id=questionnaire.id, respondent_id=user.id)
        db.session.add(response)
        db.session.flush()
    _write(response, list(questions), checked)
    response.pages_done = max(response.pages_done, page)
    _drop_hidden(response, questionnaire)
    db.session.flush()
    signals.survey_answers_saved.send(response, questionnaire=questionnaire)
    return response


def submit(user: Any, questionnaire: Questionnaire) -> SurveyResponse | None:
    """The person says they are done: their answers count from now on (and keep counting
    as they change them, until the consultation closes)."""
    response = response_of(user, questionnaire)
    if response is None or response.submitted_at is not None:
        return response
    _count(response, questionnaire)
    signals.survey_answers_saved.send(response, questionnaire=questionnaire)
    return response


def record_paper(
    official: Any,
    questionnaire: Questionnaire,
    channel: str,
    received_on: date | None,
    questions: Iterable[Question],
    checked: Checked,
) -> SurveyResponse:
    """A paper or phone questionnaire typed in by an official: submitted at once."""
    response = SurveyResponse(
        questionnaire_id=questionnaire.id,
        channel=Channel(channel),
        recorded_by_id=official.id,
        received_on=received_on,
    )
    db.session.add(response)
    db.session.flush()
    _write(response, list(questions), checked)
    _count(response, questionnaire)
    record(
        official,
        "questionnaire.record_paper",
        "survey_response",
        response.id,
        after={"channel": str(channel), "questionnaire": questionnaire.id},
    )
    signals.survey_answers_saved.send(response, questionnaire=questionnaire)
    return response


def _count(response: SurveyResponse, questionnaire: Questionnaire) -> None:
    response.submitted_at = utcnow()
    db.session.execute(
        update(Answer).where(Answer.response_id == response.id).values(counted=True),
        execution_options={"synchronize_session": False},
    )
    increment(questionnaire, response_count=1)
    db.session.flush()
    tallies.change([], _counted(response))


def _write(response: SurveyResponse, questions: list[Question], checked: Checked) -> None:
    kinds = {q.id: q.kind for q in questions}
    question_ids = list(kinds)
    counted = response.submitted_at is not None
    # A counted response's tallies move from what all its answers said to what they say
    # now (its other pages' choices are paired with this page's in the breakdowns).
    before = _counted(response) if counted and question_ids else []
    if question_ids:
        db.session.execute(
            delete(Answer).where(
                Answer.response_id == response.id, Answer.question_id.in_(question_ids)
            ),
            execution_options={"synchronize_session": False},
        )
    rows = []
    for question_id, value in checked.values.items():
        if question_id in kinds:
            ranked = kinds[question_id] == QuestionKind.RANKING
            rows.extend(_rows(response.id, question_id, value, counted, ranked))
    if rows:
        db.session.add_all(rows)
        questionnaire = db.session.get(Questionnaire, response.questionnaire_id)
        if questionnaire.frozen_at is None:
            questionnaire.frozen_at = utcnow()
    db.session.flush()
    if counted and question_ids:
        tallies.change(before, _counted(response))


def _counted(response: SurveyResponse) -> list[tuple]:
    return tallies.counted_rows(Answer.response_id == response.id)


def _rows(
    response_id: int, question_id: int, value: AnswerValue, counted: bool, ranked: bool
) -> list[Answer]:
    def row(**fields) -> Answer:
        return Answer(response_id=response_id, question_id=question_id, counted=counted, **fields)

    rows = []
    if value.number is not None:
        rows.append(row(number=value.number))
    if value.text:
        # Free text waits for moderation before anyone else reads it.
        rows.append(row(text=value.text, text_status=TextStatus.HELD))
    for position, option_id in enumerate(value.options, start=1):
        rows.append(row(option_id=option_id, rank=position if ranked else None))
    if value.other is not None:
        rows.append(row(text=value.other, text_status=TextStatus.HELD))
    return rows


def _drop_hidden(response: SurveyResponse, questionnaire: Questionnaire) -> None:
    """Answers to questions a changed answer now hides are not kept."""
    conditional = [q for q in questions_of(questionnaire) if q.is_conditional]
    if not conditional:
        return
    known = known_answers(response)
    hidden = [q.id for q in conditional if q.id in known and not shown(q, known)]
    if hidden:
        if response.submitted_at is not None:
            before = _counted(response)
            tallies.change(before, [row for row in before if row[0] not in hidden])
        db.session.execute(
            delete(Answer).where(Answer.response_id == response.id, Answer.question_id.in_(hidden)),
            execution_options={"synchronize_session": False},
        )


def save_translations(official: Any, questions: Sequence[Question], locale: str, form) -> None:
    """Every question's and option's text in ``locale`` from the form (``prompt-<id>``,
    ``help-<id>``, ``min-<id>``, ``max-<id>``, ``option-<id>``); audited as one change."""
    changed = 0
    for question in questions:
        values = {
            "prompt": form.get(f"prompt-{question.id}", "").strip(),
            "help_text": form.get(f"help-{question.id}", "").strip(),
            "min_label": form.get(f"min-{question.id}", "").strip(),
            "max_label": form.get(f"max-{question.id}", "").strip(),
        }
        row = db.session.scalar(
            select(QuestionTranslation).filter_by(question_id=question.id, locale=locale)
        ) or QuestionTranslation(question_id=question.id, locale=locale)
        for name, value in values.items():
            if getattr(row, name, None) != value:
                setattr(row, name, value)
                changed += 1
        db.session.add(row)
        for option in question.options:
            label = form.get(f"option-{option.id}", "").strip()
            orow = db.session.scalar(
                select(OptionTranslation).filter_by(option_id=option.id, locale=locale)
            ) or OptionTranslation(option_id=option.id, locale=locale)
            if orow.label != label:
                orow.label = label
                changed += 1
            db.session.add(orow)
    if questions:
        record(
            official,
            "questionnaire.translate",
            "questionnaire",
            questions[0].questionnaire_id,
            after={"locale": locale, "texts_changed": changed},
        )
    db.session.flush()


def moderate_text(actor: Any, answer: Answer, publish: bool) -> None:
    """Publish a text answer, or keep it hidden; audited either way."""
    before = answer.text_status
    answer.text_status = TextStatus.PUBLISHED if publish else TextStatus.HIDDEN
    if answer.counted and (before == TextStatus.PUBLISHED) != publish:
        change = {(answer.question_id, tallies.PUBLISHED): 1}
        tallies.add(Counter(change), 1 if publish else -1)
    record(
        actor,
        "questionnaire.moderate_text",
        "survey_answer",
        answer.id,
        before={"status": before},
        after={"status": str(answer.text_status)},
    )
    db.session.flush()
