"""Notices and unsubscribe links for tests (also used by the access table)."""

from __future__ import annotations

from engage.extensions import db
from engage.notifications import emails, service


def notice_for(user, kind: str = "comment_reply", title: str = "A consultation", **data):
    """A notice for ``user`` as the services would make it (no email: in-app only)."""
    service.set_frequency(user, "replies", "never")
    [notice] = service.notify(
        kind, [user], target_type="comment", target_id=1, data={"title": title, "url": "/", **data}
    )
    db.session.commit()
    return notice


def unsubscribe_path(user, group: str = "replies") -> str:
    return f"/notifications/unsubscribe/{emails.unsubscribe_token(user, group)}"
