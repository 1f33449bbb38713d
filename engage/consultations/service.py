"""Every change to consultations and topics: validate, write, audit, announce (signals)."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from engage import signals
from engage.audit.service import record
from engage.concurrency import claim, differences
from engage.consultations.models import Consultation, ConsultationStatus, Topic
from engage.consultations.translations import save_topic_translations
from engage.database import utcnow
from engage.extensions import db

# What the consultation form edits, in the order the audit log lists changes.
FIELDS = (
    "title",
    "slug",
    "topic_id",
    "department_id",
    "official_id",
    "contact",
    "summary",
    "easy_read_summary",
    "body",
    "commitment",
    "opens_at",
    "closes_at",
    "support_threshold",
    "response_window_days",
    "review_before_publishing",
)


class ConsultationError(Exception):
    """A problem with one field that the form should show next to it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def slugify(text: str, limit: int = 100) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def _slug_taken(model, slug: str, exclude_id: int | None) -> bool:
    query = select(model.id).where(model.slug == slug)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query) is not None


def _unique_slug(model, base: str, fallback: str, exclude_id: int | None = None) -> str:
    base = base or fallback
    slug, n = base, 2
    while _slug_taken(model, slug, exclude_id):
        slug, n = f"{base[:110]}-{n}", n + 1
    return slug


def _choose_slug(consultation: Consultation | None, wanted: str, title: str) -> str:
    exclude = consultation.id if consultation else None
    if not wanted:
        return _unique_slug(Consultation, slugify(title), "consultation", exclude)
    if _slug_taken(Consultation, wanted, exclude):
        raise ConsultationError(
            "slug", _("Another consultation already uses this web address. Choose another.")
        )
    return wanted


def publish_problems(values: dict[str, Any]) -> list[ConsultationError]:
    problems = []
    if not (values.get("easy_read_summary") or "").strip():
        problems.append(
            ConsultationError(
                "easy_read_summary", _("Write an easy-read summary before publishing.")
            )
        )
    if values["closes_at"] <= utcnow():
        problems.append(
            ConsultationError(
                "closes_at", _("The closing time has passed. Choose a later one to publish.")
            )
        )
    return problems


def save(
    actor: Any,
    consultation: Consultation | None,
    values: dict[str, Any],
    publish: bool = False,
    loaded_version: int | None = None,
) -> Consultation:
    """Create a draft or edit one, and publish it when asked.

    Raises ConsultationError before writing anything, and EditConflict when someone else
    saved the consultation after ``loaded_version`` (the version the form was filled
    from). After publishing the web address stays fixed, so links already shared keep
    working.
    """
    values = dict(values)
    if consultation is not None and consultation.is_published:
        values["slug"] = consultation.slug
    else:
        values["slug"] = _choose_slug(consultation, values.get("slug") or "", values["title"])
    if publish and (consultation is None or not consultation.is_published):
        problems = publish_problems(values)
        if problems:
            raise problems[0]
    if consultation is None:
        consultation = Consultation(created_by_id=actor.id, **values)
        db.session.add(consultation)
        db.session.flush()
        record(
            actor,
            "consultation.created",
            "consultation",
            consultation.id,
            after={"title": consultation.title, "slug": consultation.slug},
        )
    else:
        _update(actor, consultation, values, loaded_version)
    if publish and not consultation.is_published:
        _publish(actor, consultation)
    signals.consultation_saved.send(consultation)
    return consultation


def _audit_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _update(
    actor: Any, consultation: Consultation, values: dict[str, Any], loaded_version: int | None
) -> None:
    mine = {name: values[name] for name in FIELDS if name in values}
    if differences(consultation, mine):
        claim(consultation, loaded_version, actor, mine)
    before, after = {}, {}
    closing = _closes_early(consultation, values.get("closes_at"))
    for name in FIELDS:
        if name not in values:  # callers that predate a field leave it as it is
            continue
        old, new = getattr(consultation, name), values[name]
        if old != new:
            before[name], after[name] = _audit_value(old), _audit_value(new)
            setattr(consultation, name, new)
    if closing:
        # Closing is its own entry, so the log says "closed", not "edited".
        _record_closing(actor, consultation, before.pop("closes_at"), after.pop("closes_at"), "")
    if after:
        db.session.flush()
        record(
            actor,
            "consultation.edited",
            "consultation",
            consultation.id,
            before=before,
            after=after,
        )
    if "support_threshold" in after and consultation.is_published:
        signals.support_threshold_changed.send(consultation)


def _publish(actor: Any, consultation: Consultation) -> None:
    consultation.published_at = utcnow()
    db.session.flush()
    record(
        actor,
        "consultation.published",
        "consultation",
        consultation.id,
        after={
            "opens_at": consultation.opens_at.isoformat(),
            "closes_at": consultation.closes_at.isoformat(),
        },
    )


def _closes_early(consultation: Consultation, closes_at: Any) -> bool:
    """Would this closing time close a published, open consultation now?"""
    now = utcnow()
    return (
        consultation.is_published
        and consultation.status == ConsultationStatus.OPEN
        and closes_at is not None
        and closes_at <= now
    )


def _record_closing(actor: Any, consultation: Consultation, before: Any, after: Any, reason: str):
    db.session.flush()
    record(
        actor,
        "consultation.closed",
        "consultation",
        consultation.id,
        reason=reason,
        before={"closes_at": before},
        after={"closes_at": after},
    )


def close_now(actor: Any, consultation: Consultation, reason: str) -> None:
    """Close an open consultation at once (the closing time becomes now), with a reason.

    Followers hear of it as of any closing (engage.notifications.due reads the dates)."""
    if consultation.status != ConsultationStatus.OPEN:
        raise ConsultationError(
            "reason", _("This consultation is not open, so it can't close now.")
        )
    now = utcnow()
    before = consultation.closes_at
    consultation.closes_at = max(now, consultation.opens_at + timedelta(seconds=1))
    _record_closing(
        actor, consultation, before.isoformat(), consultation.closes_at.isoformat(), reason
    )
    signals.consultation_saved.send(consultation)  # its closing time changed


def publish(actor: Any, consultation: Consultation) -> None:
    """Publish a draft as it stands; raises ConsultationError when it isn't ready."""
    if consultation.is_published:
        return
    values = {name: getattr(consultation, name) for name in FIELDS}
    problems = publish_problems(values)
    if problems:
        raise problems[0]
    _publish(actor, consultation)
    signals.consultation_saved.send(consultation)


# Topics ----------------------------------------------------------------------------------


def _ordered_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)))


def add_topic(actor: Any, name: str, translations: dict[str, str] | None = None) -> Topic:
    position = (db.session.scalar(select(func.max(Topic.position))) or 0) + 1
    slug = _unique_slug(Topic, slugify(name, 70), "topic")
    topic = Topic(name=name, slug=slug, position=position)
    db.session.add(topic)
    db.session.flush()
    record(actor, "topic.added", "topic", topic.id, after={"name": name, "slug": slug})
    save_topic_translations(actor, topic, translations or {})
    return topic


def rename_topic(
    actor: Any, topic: Topic, name: str, translations: dict[str, str] | None = None
) -> bool:
    """The name, and its translations when given; the slug stays, so filtered links keep
    working. False when nothing changed."""
    translated = translations is not None and save_topic_translations(actor, topic, translations)
    if topic.name == name:
        return translated
    record(
        actor, "topic.renamed", "topic", topic.id, before={"name": topic.name}, after={"name": name}
    )
    topic.name = name
    return True


def move_topic(actor: Any, topic: Topic, direction: str) -> bool:
    topics = _ordered_topics()
    index = topics.index(topic)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(topics):
        return False
    topics[index], topics[other] = topics[other], topics[index]
    for position, each in enumerate(topics):
        each.position = position
    record(
        actor,
        "topic.moved",
        "topic",
        topic.id,
        before={"position": index},
        after={"position": other},
    )
    return True
