"""Reading and editing the rules. Every edit publishes a new version of the whole set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engage.audit.service import record
from engage.concurrency import EditConflict, differences
from engage.extensions import db
from engage.guidelines.models import Guideline, GuidelinesVersion

# Written the first time the rules are needed, so every database starts with the same set.
DEFAULT_RULES = (
    (
        "Respect people",
        "No harassment, threats, insults or hate against anyone, including for who they are "
        "or where they come from. Criticise ideas, not people.",
    ),
    (
        "No spam",
        "No advertising, the same text posted again and again, or links that have nothing "
        "to do with the consultation.",
    ),
    (
        "Personal information",
        "Don't share anyone's private details: home addresses, phone numbers, health, or "
        "anything that identifies a private person. Public officials' work is fair to discuss.",
    ),
    (
        "Stay on topic",
        "Keep to the consultation's question. Posts about something else make it harder for "
        "everyone to be heard.",
    ),
    (
        "Be honest",
        "Don't pretend to be someone else, and don't post information you know is false.",
    ),
    (
        "Keep it legal",
        "No content that breaks the law, calls for violence, or copies someone else's work "
        "without permission.",
    ),
)


def current_version() -> GuidelinesVersion:
    """The rules in force; the defaults on first use."""
    version = db.session.scalar(
        select(GuidelinesVersion).order_by(GuidelinesVersion.number.desc()).limit(1)
    )
    if version is not None:
        return version
    try:
        with db.session.begin_nested():
            version = _new_version(
                None,
                [(n, t, b) for n, (t, b) in enumerate(DEFAULT_RULES, 1)],
                "The first community guidelines.",
            )
    except IntegrityError:  # someone else wrote them at the same moment
        return current_version()
    return version


def version_by_number(number: int) -> GuidelinesVersion | None:
    return db.session.scalar(select(GuidelinesVersion).where(GuidelinesVersion.number == number))


def version_count() -> int:
    return db.session.scalar(select(func.count(GuidelinesVersion.id))) or 0


def _new_version(actor: Any, rules: list[tuple[int, str, str]], note: str) -> GuidelinesVersion:
    latest = db.session.scalar(select(func.max(GuidelinesVersion.number))) or 0
    version = GuidelinesVersion(
        number=latest + 1, note=note, created_by_id=getattr(actor, "id", None)
    )
    db.session.add(version)
    db.session.flush()
    for number, title, body in rules:
        db.session.add(Guideline(version_id=version.id, number=number, title=title, body=body))
    db.session.flush()
    db.session.expire(version, ["rules"])
    return version


def save_rule(
    actor: Any,
    number: int | None,
    title: str,
    body: str,
    note: str,
    loaded_version: int | None = None,
) -> GuidelinesVersion | None:
    """Change rule ``number`` (or add a new rule when None) in a new version.

    Returns the new version, or None when nothing changed. Numbers are never reused, so
    a decision that cited rule 3 keeps meaning the same rule. The version number is the
    edit version: raises EditConflict, writing nothing, when a version published after
    ``loaded_version`` (the one the editor's form came from) changed this same rule.
    Changes to other rules are kept: the new version starts from the current one.
    """
    current = current_version()
    if number is not None:
        _check_unchanged_since(current, number, loaded_version, {"title": title, "body": body})
    rules = [(r.number, r.title, r.body) for r in current.rules]
    before = None
    if number is None:
        number = max((n for n, _, _ in rules), default=0) + 1
        rules.append((number, title, body))
    else:
        old = current.rule(number)
        if old is None:
            raise LookupError(number)
        if (old.title, old.body) == (title, body):
            return None
        before = {"number": number, "title": old.title, "body": old.body}
        rules = [(n, title, body) if n == number else (n, t, b) for n, t, b in rules]
    try:
        with db.session.begin_nested():
            version = _new_version(actor, rules, note)
    except IntegrityError:  # another edit took this version number at the same moment
        db.session.expire_all()
        latest = current_version()
        _check_unchanged_since(latest, number, current.number, {"title": title, "body": body})
        return save_rule(actor, number, title, body, note, latest.number)
    record(
        actor,
        "guidelines.edited",
        "guidelines_version",
        version.id,
        note,
        before=before,
        after={"number": number, "title": title, "body": body},
    )
    return version


def _check_unchanged_since(
    current: GuidelinesVersion, number: int, loaded: int | None, mine: dict[str, str]
) -> None:
    if loaded is None or loaded == current.number:
        return
    rule, then = current.rule(number), version_by_number(loaded)
    was = then.rule(number) if then is not None else None
    if rule is None or (was is not None and (was.title, was.body) == (rule.title, rule.body)):
        return  # this rule is as the editor loaded it
    theirs = differences(rule, mine)
    if theirs:
        raise EditConflict(mine, theirs, current.number, current.created_by, current.created_at)


def rule_choices() -> list[tuple[int, str]]:
    return [(r.number, f"{r.number}. {r.title}") for r in current_version().rules]
