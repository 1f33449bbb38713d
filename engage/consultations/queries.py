"""Reading consultations for lists and the home page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, false, func, or_, select

from engage.accounts.models import User, UserRole
from engage.consultations.models import (
    Consultation,
    ConsultationStatus,
    Department,
    Topic,
    status_condition,
)
from engage.consultations.translations import localize_all
from engage.database import utcnow
from engage.extensions import db
from engage.permissions import OFFICIAL, can_act_officially, can_admin, has_role

PER_PAGE = 20
PUBLIC_STATUSES = (
    ConsultationStatus.OPEN,
    ConsultationStatus.UPCOMING,
    ConsultationStatus.CLOSED,
    ConsultationStatus.OUTCOME,
)
SORTS = ("closing", "newest", "proposals")


@dataclass
class ConsultationList:
    items: list[Consultation]
    total: int
    page: int
    pages: int


def topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)))


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def officials() -> list[Any]:
    query = (
        select(User)
        .join(UserRole)
        .where(UserRole.role == OFFICIAL)
        .order_by(User.display_name, User.id)
    )
    return list(db.session.scalars(query))


def by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def managed_drafts_condition(user: Any):
    """The SQL twin of ``can_manage_consultation`` for drafts an official may see."""
    c = Consultation
    if can_admin(user):
        return c.published_at.is_(None)
    if not has_role(user, OFFICIAL):
        return false()
    return (c.published_at.is_(None)) & or_(
        c.department_id.is_(None),
        c.department_id == user.department_id,
        c.official_id == user.id,
        c.created_by_id == user.id,
    )


def _order(sort: str, now):
    c = Consultation
    if sort == "newest":
        return [c.opens_at.desc(), c.id.desc()]
    if sort == "proposals":
        return [c.proposal_count.desc(), c.closes_at.desc(), c.id.desc()]
    # Closing soonest: still-running ones by closing time, then the most recently closed.
    running = c.closes_at > now
    return [case((running, 0), else_=1), case((running, c.closes_at)), c.closes_at.desc(), c.id]


def _closed_or_outcome(now):
    return or_(
        status_condition(ConsultationStatus.CLOSED, now),
        status_condition(ConsultationStatus.OUTCOME, now),
    )


def list_consultations(
    viewer: Any, topic: str = "", status: str = "", sort: str = "closing", page: int = 1
) -> ConsultationList:
    now = utcnow()
    query = select(Consultation)
    if status == ConsultationStatus.DRAFT and can_act_officially(viewer):
        query = query.where(managed_drafts_condition(viewer))
    elif status == ConsultationStatus.CLOSED:  # an outcome comes after closing: closed too
        query = query.where(_closed_or_outcome(now))
    elif status in PUBLIC_STATUSES:
        query = query.where(status_condition(status, now))
    else:
        query = query.where(Consultation.published_at.is_not(None))
    if topic:
        query = query.join(Topic, Consultation.topic_id == Topic.id).where(Topic.slug == topic)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    query = query.order_by(*_order(sort if sort in SORTS else "closing", now))
    items = db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).unique()
    # In the reader's language where translated: one query for the whole page.
    return ConsultationList(items=localize_all(items), total=total, page=page, pages=pages)


def home_sections(limit_open: int = 6, limit_other: int = 3) -> dict[str, list[Consultation]]:
    """Open first (closing soonest), then upcoming (opening soonest), then recently closed."""
    now = utcnow()
    c = Consultation

    def rows(condition, order, limit):
        query = select(c).where(condition).order_by(*order).limit(limit)
        return list(db.session.scalars(query).unique())

    sections = {
        ConsultationStatus.OPEN: rows(
            status_condition(ConsultationStatus.OPEN, now), [c.closes_at, c.id], limit_open
        ),
        ConsultationStatus.UPCOMING: rows(
            status_condition(ConsultationStatus.UPCOMING, now), [c.opens_at, c.id], limit_other
        ),
        ConsultationStatus.CLOSED: rows(
            _closed_or_outcome(now),
            [c.closes_at.desc(), c.id.desc()],
            limit_other,
        ),
    }
    # In the reader's language where translated: one query for all three sections.
    localized = iter(localize_all(c for rows_ in sections.values() for c in rows_))
    return {status: [next(localized) for _ in rows_] for status, rows_ in sections.items()}
