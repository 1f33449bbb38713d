"""A consultation with everything open data must show, hide or reduce to a placeholder.

Secret markers sit in every text the public must not read (held, hidden, deleted, drafts),
so a test can search whole downloads for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.comments import service as comments_service
from engage.extensions import db
from engage.moderation import content

SECRETS = {
    "pending proposal": "SECRET-PENDING-PROPOSAL",
    "hidden proposal": "SECRET-HIDDEN-PROPOSAL",
    "pending comment": "SECRET-PENDING-COMMENT",
    "hidden comment": "SECRET-HIDDEN-COMMENT",
    "deleted comment": "SECRET-DELETED-COMMENT",
    "draft consultation": "SECRET-DRAFT-CONSULTATION",
    "draft proposal": "SECRET-DRAFT-PROPOSAL",
    "comment on hidden proposal": "SECRET-UNDER-HIDDEN-PROPOSAL",
}


@dataclass
class World:
    consultation: object = None
    other: object = None
    draft: object = None
    people: list = field(default_factory=list)
    proposals: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)


def make_world(f) -> World:
    w = World()
    w.people = [f.user(name=f"Resident {n}", email=f"resident{n}@example.org") for n in range(4)]
    official = f.user("official", name="Olu Official", email="olu@example.org")
    w.consultation = f.consultation("open", official=official)
    w.other = f.consultation("closed")
    w.draft = f.consultation("draft", title=SECRETS["draft consultation"])
    a, b, c, d = w.people
    p = w.proposals
    p["popular"] = f.proposal(w.consultation, author=a, title="Cameras off at protests")
    p["withdrawn"] = f.proposal(
        w.consultation,
        author=b,
        title="Withdrawn idea",
        status="withdrawn",
        withdrawal_reason="Merged with another",
    )
    p["formula"] = f.proposal(w.consultation, author=c, title="=HYPERLINK(1)", body="-1 +1")
    p["hidden"] = f.proposal(
        w.consultation, author=d, title=SECRETS["hidden proposal"], body=SECRETS["hidden proposal"]
    )
    p["pending"] = f.proposal(
        w.consultation,
        author=d,
        title=SECRETS["pending proposal"],
        body=SECRETS["pending proposal"],
    )
    p["elsewhere"] = f.proposal(w.other, author=a, title="In the closed consultation")
    p["draft"] = f.proposal(w.draft, author=a, title=SECRETS["draft proposal"])
    for supporter in (b, c, d):
        f.support(p["popular"], supporter)
    f.support(p["formula"], a)
    m = w.comments
    m["top"] = f.comment(w.consultation, author=a, body="Please publish the error rates.")
    m["reply"] = f.comment(w.consultation, author=b, parent=m["top"], body="Agreed, yearly.")
    m["on proposal"] = f.comment(p["popular"], author=c, body="Yes.", stance="in_favour")
    m["deleted"] = f.comment(w.consultation, author=c, body=SECRETS["deleted comment"])
    m["hidden"] = f.comment(w.consultation, author=d, body=SECRETS["hidden comment"])
    m["pending"] = f.comment(w.consultation, author=d, body=SECRETS["pending comment"])
    m["under hidden"] = f.comment(p["hidden"], author=a, body=SECRETS["comment on hidden proposal"])
    m["elsewhere"] = f.comment(w.other, author=a, body="Closed consultation comment.")
    m["draft"] = f.comment(w.draft, author=a, body=SECRETS["draft consultation"])
    comments_service.vote(b, m["top"], 1)
    comments_service.vote(c, m["top"], 1)
    comments_service.vote(d, m["top"], -1)
    comments_service.vote(a, m["reply"], -1)
    comments_service.delete_comment(m["deleted"])
    content.set_visibility(m["hidden"], "hidden")
    content.set_visibility(m["pending"], "pending")
    content.set_visibility(p["hidden"], "hidden")
    content.set_visibility(p["pending"], "pending")
    db.session.commit()
    return w
