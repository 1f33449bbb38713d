"""Follows and notices: the one API other features call (``notify``, ``follow``, ``followers``).

Writes and flushes, never commits: the request (or the command) commits once. Emails are
rendered here, recorded as deliveries, and handed to a background job after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from engage import signals
from engage.accounts.models import User
from engage.database import utcnow
from engage.extensions import db
from engage.notifications import emails, kinds
from engage.notifications.context import with_links
from engage.notifications.models import (
    EmailSetting,
    Follow,
    Notice,
    NoticeEmail,
)

FOLLOWABLE = ("consultation", "proposal", "draft")


def _user_id(person: Any) -> int | None:
    if person is None:
        return None
    return person if isinstance(person, int) else person.id


# Follows ---------------------------------------------------------------------------------


def follow(user: Any, target_type: str, target_id: int) -> bool:
    """Start following; False if already following (also when two clicks race)."""
    if target_type not in FOLLOWABLE:
        raise ValueError(f"can't follow a {target_type}")
    uid = _user_id(user)
    if is_following(uid, target_type, target_id):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=uid, target_type=target_type, target_id=target_id))
    except IntegrityError:
        return False
    return True


def unfollow(user: Any, target_type: str, target_id: int) -> bool:
    removed = db.session.execute(
        delete(Follow).where(
            Follow.user_id == _user_id(user),
            Follow.target_type == target_type,
            Follow.target_id == target_id,
        )
    ).rowcount
    return bool(removed)


def is_following(user: Any, target_type: str, target_id: int) -> bool:
    uid = _user_id(user)
    if uid is None:
        return False
    found = db.session.scalar(
        select(Follow.id).where(
            Follow.user_id == uid, Follow.target_type == target_type, Follow.target_id == target_id
        )
    )
    return found is not None


def followers(target_type: str, target_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Follow.user_id).where(
                Follow.target_type == target_type, Follow.target_id == target_id
            )
        )
    )


def following(user: Any) -> list[Follow]:
    return list(
        db.session.scalars(
            select(Follow).where(Follow.user_id == _user_id(user)).order_by(Follow.id.desc())
        )
    )


# Email settings ----------------------------------------------------------------------------


def frequencies(user: Any) -> dict[str, str]:
    """Every group's frequency for this person, defaults filled in."""
    chosen = dict(
        db.session.execute(
            select(EmailSetting.group, EmailSetting.frequency).where(
                EmailSetting.user_id == _user_id(user)
            )
        ).all()
    )
    return {group: chosen.get(group, default) for group, (_, default) in kinds.GROUPS.items()}


def _frequencies_for(user_ids: Iterable[int], group: str) -> dict[int, str]:
    default = kinds.GROUPS[group][1]
    chosen = dict(
        db.session.execute(
            select(EmailSetting.user_id, EmailSetting.frequency).where(
                EmailSetting.user_id.in_(list(user_ids)), EmailSetting.group == group
            )
        ).all()
    )
    return {uid: chosen.get(uid, default) for uid in user_ids}


def set_frequency(user: Any, group: str, frequency: str) -> bool:
    """Change one group's frequency; False if it already was that."""
    if group not in kinds.GROUPS or frequency not in tuple(kinds.Frequency):
        raise ValueError(f"unknown email setting {group}={frequency}")
    uid = _user_id(user)
    row = db.session.get(EmailSetting, (uid, group))
    current = row.frequency if row else kinds.GROUPS[group][1]
    if current == frequency:
        return False
    wanted_before = _wants_emails(uid)
    if row is None:
        db.session.add(EmailSetting(user_id=uid, group=group, frequency=frequency))
    else:
        row.frequency = frequency
    db.session.flush()
    wanted = _wants_emails(uid)
    if wanted != wanted_before:
        signals.email_settings_changed.send(uid, emails_on=wanted)
    return True


def _wants_emails(user_id: int) -> bool:
    """Any email still wanted: turning the last one off, or one back on, is a change of
    consent (engage.privacy records it)."""
    return any(f != kinds.Frequency.NEVER for f in frequencies(user_id).values())


def unsubscribe(user: Any, group: str) -> list[str]:
    """Stop one group's emails, or (ALL_DIGESTS) every group sent in the digest."""
    if group != kinds.ALL_DIGESTS:
        return [group] if set_frequency(user, group, kinds.Frequency.NEVER) else []
    chosen = frequencies(user)
    stopped = [g for g, f in chosen.items() if f == kinds.Frequency.DIGEST]
    for g in stopped:
        set_frequency(user, g, kinds.Frequency.NEVER)
    return stopped


# Notices -----------------------------------------------------------------------------------


@with_links
def notify(
    kind: str,
    recipients: Iterable[Any],
    *,
    target_type: str,
    target_id: int,
    actor: Any = None,
    data: dict | None = None,
) -> list[Notice]:
    """A notice for each recipient (never the actor), and an email now or in the digest.

    ``data`` needs ``title`` (what it is about) and ``url`` (a path to it); the actor's
    name is added. The email choice is taken now, so a later change of setting doesn't
    resend or lose what already happened.
    """
    if kind not in kinds.KIND_GROUP:
        raise ValueError(f"unknown notice kind {kind}")
    actor_id = _user_id(actor)
    ids = {uid for uid in map(_user_id, recipients) if uid is not None} - {actor_id}
    if not ids:
        return []
    data = dict(data or {})
    if actor is not None and not isinstance(actor, int):
        data.setdefault("actor", actor.display_name)
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)).all()
    chosen = _frequencies_for([u.id for u in users], kinds.KIND_GROUP[kind])
    notices = []
    for user in users:
        email = {
            kinds.Frequency.NOW: NoticeEmail.NOW,
            kinds.Frequency.DIGEST: NoticeEmail.DIGEST,
        }.get(chosen[user.id], NoticeEmail.NONE)
        if not user.is_verified:
            email = NoticeEmail.NONE  # never email an address nobody has confirmed
        notice = Notice(
            user_id=user.id,
            kind=kind,
            target_type=target_type,
            target_id=target_id,
            actor_id=actor_id,
            data=data,
            email=email,
        )
        db.session.add(notice)
        notices.append((notice, user))
    db.session.flush()
    db.session.execute(
        update(User)
        .where(User.id.in_([u.id for u in users]))
        .values(unread_notices=User.unread_notices + 1)
        .execution_options(synchronize_session=False)
    )

    for notice, user in notices:
        db.session.expire(user, ["unread_notices"])
        if notice.email == NoticeEmail.NOW:
            emails.queue_notice(notice, user)
    return [n for n, _ in notices]


def notices_query(user: Any):
    return select(Notice).where(Notice.user_id == _user_id(user))


def _mark_unread_read(which) -> int:
    """Mark the unread notices ``which`` selects as read now; how many there were."""
    return db.session.execute(
        update(Notice)
        .where(which, Notice.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def mark_read(user: User, notice: Notice) -> bool:
    done = _mark_unread_read(Notice.id == notice.id)
    if done:
        _recount(user)
    db.session.refresh(notice, ["read_at"])
    return bool(done)


def mark_all_read(user: User) -> int:
    done = _mark_unread_read(Notice.user_id == user.id)
    _recount(user)
    return done


def _recount(user: User) -> None:
    """Reading is rare next to showing the count: count exactly here, in the same transaction."""
    unread = (
        select(func.count(Notice.id))
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        .scalar_subquery()
    )
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(unread_notices=unread)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["unread_notices"])
