"""How things reach moderators: reports, pre-moderation, new accounts and spam signals.

Nothing here rejects or deletes anything: content is held ('pending') or hidden, and a
case tells moderators why. At most one open case per item.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import case as sql_case
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from engage import signals
from engage.audit import service as audit
from engage.consultations.models import Consultation
from engage.database import increment, utcnow
from engage.extensions import db
from engage.moderation import content
from engage.moderation.decision_models import Decision, ModerationAction, public_ref
from engage.moderation.models import CaseState, CaseTrigger, ModerationCase, Report, Visibility
from engage.moderation.permissions import report_refusal, skips_screening

# What the placeholder says; the decisions side replaces it when a moderator acts.
AWAITING_REVIEW = "Awaiting review by a moderator"
HIDDEN_AFTER_REPORTS = "Hidden after {count} reports, waiting for a moderator"

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
BURST_WINDOW = timedelta(minutes=10)
REPEAT_WINDOW = timedelta(days=1)


class ReportRefused(Exception):
    """The person may not report this item (their own, or already reported)."""


# Cases ---------------------------------------------------------------------------------


def open_case_for(target_type: str, target_id: int) -> ModerationCase | None:
    return db.session.scalar(
        select(ModerationCase).where(
            ModerationCase.target_type == target_type,
            ModerationCase.target_id == target_id,
            ModerationCase.state == CaseState.OPEN,
        )
    )


def open_case(
    item: Any, trigger: str, *, public_reason: str = "", signals: str = ""
) -> ModerationCase:
    """The item's open case, or a new one. Concurrent openers meet at the partial unique
    index: the loser's insert rolls back to its savepoint and it uses the winner's case."""
    target_type = content.kind(item)
    case = open_case_for(target_type, item.id)
    if case is None:
        case = ModerationCase(
            target_type=target_type,
            target_id=item.id,
            consultation_id=content.consultation_id(item),
            author_id=content.author_id(item),
            trigger=trigger,
            signals=signals,
            public_reason=public_reason,
            opened_at=utcnow(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(case)
        except IntegrityError:
            case = open_case_for(target_type, item.id)
            assert case is not None
        else:
            return case
    if signals and signals not in case.signals:
        case.signals = "\n".join(filter(None, [case.signals, signals]))
    if public_reason and not case.public_reason:
        case.public_reason = public_reason
    return case


def latest_cases(pairs: list[tuple[str, int]]) -> dict[tuple[str, int], ModerationCase]:
    """The newest case for each (target_type, target_id): what a placeholder says. One query."""
    if not pairs:
        return {}
    conditions = [
        (ModerationCase.target_type == kind) & (ModerationCase.target_id.in_(ids))
        for kind, ids in _group(pairs).items()
    ]
    rows = db.session.scalars(
        select(ModerationCase).where(or_(*conditions)).order_by(ModerationCase.id)
    )
    return {(case.target_type, case.target_id): case for case in rows}


def _group(pairs):
    grouped: dict[str, list[int]] = {}
    for kind, target_id in pairs:
        grouped.setdefault(kind, []).append(target_id)
    return grouped


# Reports -------------------------------------------------------------------------------


def report(reporter: Any, item: Any, reason: str, detail: str = "") -> Report:
    """Record one report; once enough different people reported a visible item, hide it.

    The unique (target, reporter) constraint settles a double submission: the second
    insert fails in its savepoint and raises ReportRefused.
    """
    refusal = report_refusal(reporter, item)
    if refusal:
        raise ReportRefused(refusal)
    case = open_case(item, CaseTrigger.REPORTS)
    entry = Report(
        case_id=case.id,
        target_type=case.target_type,
        target_id=item.id,
        reporter_id=reporter.id,
        reason=reason,
        detail=detail or "",
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError as error:
        raise ReportRefused("already reported") from error
    increment(case, report_count=1)
    threshold = current_app.config["MODERATION_REPORT_THRESHOLD"]
    if case.report_count >= threshold and content.visibility(item) == Visibility.VISIBLE:
        _hide_after_reports(item, case)
    return entry


def _hide_after_reports(item: Any, case: ModerationCase) -> None:
    if content.kind(item) == "user":
        return  # people aren't hidden; the case waits in the queue
    if not content.set_visibility(item, Visibility.HIDDEN):
        return
    case.public_reason = HIDDEN_AFTER_REPORTS.format(count=case.report_count)
    audit.record(
        None,
        "moderation.auto_hide",
        case.target_type,
        item.id,
        reason=case.public_reason,
        before={"visibility": Visibility.VISIBLE},
        after={"visibility": Visibility.HIDDEN, "case_id": case.id},
    )
    # An action like a moderator's (without one): its author is told and may appeal, and
    # the public log lists it.
    hide = ModerationAction(
        case_id=case.id,
        target_type=case.target_type,
        target_id=item.id,
        consultation_id=case.consultation_id,
        author_id=case.author_id,
        moderator_id=None,
        action=Decision.AUTO_HIDE,
        report_count=case.report_count,
        public_ref=public_ref(case.target_type, item.id),
        created_at=utcnow(),
    )
    db.session.add(hide)
    db.session.flush()
    signals.moderation_decided.send(hide)


# Screening new content -----------------------------------------------------------------


def screen_new_content(item: Any, author: Any) -> ModerationCase | None:
    """Called once by each service that creates content. Holds the item ('pending') with
    a case when the consultation reviews before publishing, the author's account is new,
    or a spam signal fires; otherwise leaves it alone. Staff are never held."""
    if skips_screening(author):
        return None
    signals = spam_signals(item, author)
    if signals:
        trigger = CaseTrigger.SPAM
    elif _consultation_reviews(item):
        trigger = CaseTrigger.PREMODERATION
    elif _is_new_account(item, author):
        trigger = CaseTrigger.NEW_ACCOUNT
    else:
        return None
    content.set_visibility(item, Visibility.PENDING)
    case = open_case(item, trigger, public_reason=AWAITING_REVIEW, signals="\n".join(signals))
    audit.record(
        None,
        "moderation.hold",
        case.target_type,
        item.id,
        reason=trigger,
        after={"visibility": Visibility.PENDING, "case_id": case.id, "signals": signals},
    )
    db.session.flush()
    return case


def _consultation_reviews(item: Any) -> bool:
    if content.reviewed_first(item):
        return True
    consultation = db.session.get(Consultation, content.consultation_id(item))
    return bool(consultation and consultation.review_before_publishing)


def _posts(author: Any):
    """(model, its 'visible' condition, its text column) for everything a person posts."""
    return [
        (
            model,
            content.visible_condition(model),
            model.body if hasattr(model, "body") else model.text,
        )
        for kind, model in content.content_models()
    ]


def _is_new_account(item: Any, author: Any) -> bool:
    """Until a moderator has let through N of their posts, a person's posts wait."""
    needed = current_app.config.get("MODERATION_NEW_ACCOUNT_POSTS", 0)
    if needed <= 0:
        return False
    published = 0
    for model, visible, _text in _posts(author):
        published += db.session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.author_id == author.id, visible, model.id != _id_if(item, model))
        )
    return published < needed


def _id_if(item: Any, model) -> int:
    return item.id if isinstance(item, model) else -1


def spam_signals(item: Any, author: Any) -> list[str]:
    """Human-readable signals for the moderator; an empty list when none fired."""
    config = current_app.config
    if not config.get("MODERATION_SPAM_SIGNALS", True):
        return []
    signals = []
    words = content.text(item)
    links = len(_LINK.findall(words))
    if links > config.get("MODERATION_SPAM_MAX_LINKS", 5):
        signals.append(f"Many links: {links}")
    now = utcnow()
    repeats = 0
    recent = 0
    for model, _visible, text_column in _posts(author):
        # One query per kind of post: the day's posts, counted two ways.
        row = db.session.execute(
            select(
                func.coalesce(
                    func.sum(sql_case((model.created_at >= now - BURST_WINDOW, 1), else_=0)), 0
                ),
                func.coalesce(func.sum(sql_case((text_column == _body(item), 1), else_=0)), 0),
            ).where(
                model.author_id == author.id,
                model.id != _id_if(item, model),
                model.created_at >= now - REPEAT_WINDOW,
            )
        ).one()
        recent += int(row[0])
        repeats += int(row[1])
    if repeats:
        signals.append(f"Same text posted before: {repeats} time(s) in the last day")
    burst = config.get("MODERATION_SPAM_BURST", 15)
    if recent >= burst:
        signals.append(f"Posting burst: {recent + 1} posts in 10 minutes")
    return signals


def _body(item: Any) -> str:
    """The text compared for repeats: a proposal's or comment's body, an amendment's text."""
    return item.body if hasattr(item, "body") else getattr(item, "text", "")
