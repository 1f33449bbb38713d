"""Every change to demographics: a person's answers and consent, admins' settings."""

from __future__ import annotations

from engage.audit.service import record as audit
from engage.demographics.models import DemographicAnswer, DemographicQuestion, ReferenceShare
from engage.demographics.questions import BY_KEY, Asked, asked, parse_options
from engage.extensions import db
from engage.privacy import consent
from engage.privacy.models import ConsentPurpose, ConsentRecord

ANSWERED = "answered"
DECLINED = "declined"
UNASKED = "unasked"


def state(user) -> tuple[str, ConsentRecord | None]:
    """Whether this person answered, said no thanks (and withdrew), or was never asked."""
    last = consent.latest(user, ConsentPurpose.DEMOGRAPHICS)
    if last is None:
        return UNASKED, None
    return (ANSWERED if last.given else DECLINED), last


def answers_of(user) -> dict[str, str]:
    rows = db.session.scalars(
        db.select(DemographicAnswer).where(DemographicAnswer.user_id == user.id)
    )
    return {row.question_key: row.answer for row in rows}


def save_answers(user, given: dict[str, str | None]) -> None:
    """Replace the person's answers with ``given`` (a blank means no answer) and record
    their consent with the notice's version."""
    offered = {q.key: q for q in asked()}
    _delete_answers(user)
    for key, value in given.items():
        question: Asked | None = offered.get(key)
        if question is not None and value and value in question.values:
            db.session.add(DemographicAnswer(user_id=user.id, question_key=key, answer=value))
    consent.record(user, ConsentPurpose.DEMOGRAPHICS, given=True)


def decline(user) -> None:
    """No thanks, or withdraw: answers go, and the question is not asked again."""
    _delete_answers(user)
    consent.record(user, ConsentPurpose.DEMOGRAPHICS, given=False)


def _delete_answers(user) -> None:
    db.session.execute(db.delete(DemographicAnswer).where(DemographicAnswer.user_id == user.id))


def configure(admin, key: str, enabled: bool, options: str) -> bool:
    """Turn a question on or off, and set a local question's options; audited."""
    question = BY_KEY[key]
    row = db.session.get(DemographicQuestion, key)
    if row is None:
        row = DemographicQuestion(
            key=key, enabled=False, options="\n".join(question.default_options)
        )
        db.session.add(row)
    before = {"enabled": bool(row.enabled), "options": row.options or ""}
    after = {
        "enabled": enabled,
        "options": "\n".join(parse_options(options)) if question.local else "",
    }
    if before == after:
        return False
    row.enabled, row.options = after["enabled"], after["options"]
    audit(admin, "demographics.question_changed", "demographics", None, key, before, after)
    return True


def set_reference(admin, key: str, shares: dict[str, float | None]) -> bool:
    """The population's shares for one question's answers (None: not known); audited."""
    rows = db.session.scalars(db.select(ReferenceShare).where(ReferenceShare.question_key == key))
    before = {row.answer: row.percent for row in rows}
    after = {answer: float(p) for answer, p in shares.items() if p is not None}
    if before == after:
        return False
    db.session.execute(db.delete(ReferenceShare).where(ReferenceShare.question_key == key))
    for answer, percent in after.items():
        db.session.add(ReferenceShare(question_key=key, answer=answer, percent=percent))
    audit(admin, "demographics.reference_changed", "demographics", None, key, before, after)
    return True


def references() -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for row in db.session.scalars(db.select(ReferenceShare)):
        found.setdefault(row.question_key, {})[row.answer] = row.percent
    return found
