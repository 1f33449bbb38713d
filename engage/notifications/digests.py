"""The daily digest: one email per person with everything waiting for it, never twice.

Each digest is a row, and the notices it covers point at it (``digest_id``). Claiming
the notices is a conditional UPDATE, so a second run, or two runs at once, find nothing
left to send.
"""

from __future__ import annotations

from sqlalchemy import select, update

from engage.accounts.models import User
from engage.extensions import db
from engage.notifications import emails, kinds, service
from engage.notifications.context import with_links
from engage.notifications.models import Digest, Notice, NoticeEmail


def waiting_users() -> list[int]:
    return list(
        db.session.scalars(
            select(Notice.user_id)
            .where(Notice.email == NoticeEmail.DIGEST, Notice.digest_id.is_(None))
            .distinct()
            .order_by(Notice.user_id)
        )
    )


@with_links
def send_digests() -> int:
    """Queue a digest for everyone with notices waiting; returns how many. Commits per person."""
    sent = 0
    for user_id in waiting_users():
        sent += _digest_for(db.session.get(User, user_id))
        db.session.commit()
    return sent


def _digest_for(user: User) -> int:
    notices = list(
        db.session.scalars(
            select(Notice)
            .where(
                Notice.user_id == user.id,
                Notice.email == NoticeEmail.DIGEST,
                Notice.digest_id.is_(None),
            )
            .order_by(Notice.id)
        )
    )
    chosen = service.frequencies(user)
    # Groups switched off since the notice was made are not sent after all.
    dropped = [n.id for n in notices if chosen[kinds.KIND_GROUP[n.kind]] == kinds.Frequency.NEVER]
    keep = [n for n in notices if n.id not in dropped]
    if dropped:
        _set(dropped, email=NoticeEmail.NONE)
    if not keep:
        return 0
    digest = Digest(user_id=user.id, notice_count=len(keep))
    db.session.add(digest)
    db.session.flush()
    claimed = _set([n.id for n in keep], digest_id=digest.id)
    if claimed != len(keep):
        db.session.rollback()  # another run got there first
        return 0
    emails.queue_digest(user, digest.id, keep)
    return 1


def _set(ids: list[int], **values) -> int:
    return db.session.execute(
        update(Notice)
        .where(Notice.id.in_(ids), Notice.digest_id.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
