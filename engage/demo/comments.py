"""Demo comments: threaded conversations on the demo consultation and a few of its proposals.

Written through the service, so counters, revisions and tombstones are exactly what the
app itself would make. Idempotent: nothing is added once the consultation has comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, update

from engage.comments import service
from engage.comments.models import Comment, CommentRevision
from engage.comments.targets import Target
from engage.database import utcnow
from engage.extensions import db


@dataclass
class Said:
    """One demo comment: who (index into the residents), how long ago, what, and replies."""

    who: int
    hours_ago: float
    body: str
    stance: str | None = None
    replies: list[Said] = field(default_factory=list)
    agree: int = 0  # how many other residents agree
    disagree: int = 0
    edited_from: str | None = None  # the first version, kept in the history
    deleted: bool = False


# fmt: off
ON_CONSULTATION = [
    Said(3, 200, "Thank you for asking before buying anything. Could the department say "
         "which vendor it is talking to? The accuracy depends a lot on the product.",
         agree=9, replies=[
        Said(10, 190, "Seconded. The [independent accuracy study](https://example.org/"
             "frt-accuracy-study) tested three products and the error rates were very "
             "different.", agree=4),
        Said(7, 150, "The draft says no system has been bought yet, so maybe they don't "
             "know. I'd still like to see the shortlist.", agree=2, replies=[
            Said(3, 140, "Fair, but a shortlist exists once a budget line exists. It's in "
                 "next year's draft budget under *investigative technology*.", agree=3,
                 replies=[
                Said(7, 120, "Good catch, I hadn't seen that. Then the shortlist should "
                     "be published with the outcome of this consultation.", agree=2,
                     replies=[
                    Said(12, 100, "Agreed, and the contract too. Other cities publish "
                         "theirs with prices blacked out at most.", agree=1),
                ]),
            ]),
        ]),
    ]),
    Said(14, 170, "Thirty days to delete photos that don't match is far too long. What "
         "is the reason for keeping them at all?", agree=12, disagree=1,
         edited_from="30 days is far too long to keep photos that don't match.",
         replies=[
        Said(1, 160, "I assume it's so that a second search can be run if new evidence "
             "comes in. Still, a week would be plenty.", disagree=2),
        Said(10, 155, "As a nurse I see how long records linger once they exist. Delete "
             "them on the day unless a judge says otherwise.", agree=6),
    ]),
    Said(5, 130, "I posted something here in anger yesterday, sorry.", deleted=True, replies=[
        Said(18, 128, "For what it's worth, the worry was a fair one: the draft rules say "
             "nothing about protests outside the city centre.", agree=3, replies=[
            Said(20, 110, "They do say *ban live scanning of protests*, which covers all "
                 "of them. It's the recorded footage afterwards that isn't covered.",
                 agree=2),
        ]),
    ]),
    Said(21, 90, "Please make sure the yearly report is readable by people like me: "
         "how many searches, how many were wrong, and what happened to those people. "
         "Not only percentages.", agree=8),
    Said(9, 40, "Will this consultation be repeated before the system is renewed, or is "
         "this the only chance to have a say?", agree=5, replies=[
        Said(2, 30, "Good question. It should at least come back to the Council every "
             "year with the audit."),
    ]),
    Said(24, 6, "Short and simple from me: **no** live scanning, **no** searches "
         "without a warrant, and tell people when it happened to them.", agree=4,
         disagree=1),
]

# Keyed by the proposal's position in the demo consultation's list.
ON_PROPOSALS = {
    0: [
        Said(6, 180, "Yes. Live scanning in public would change how it feels to walk "
             "through town, even for people who are never matched.", stance="in_favour",
             agree=10, replies=[
            Said(13, 170, "I'm not sure a total ban is right. Finding a missing child "
                 "quickly is worth something.", disagree=4, replies=[
                Said(6, 165, "The draft already allows searches for missing people from "
                     "a photo. This proposal is only about live scanning.", agree=5),
            ]),
        ]),
        Said(16, 150, "Against: the police should have every tool other cities have, as "
             "long as a human checks the match.", stance="against", agree=2, disagree=7),
        Said(22, 60, "I support most of this but the doorbell-camera part needs its own "
             "rule; shops will share footage whatever we decide here.", stance="neutral",
             agree=3),
    ],
    1: [
        Said(17, 120, "A warrant is the minimum. Judges already do this for phone "
             "records, so the process exists.", stance="in_favour", agree=6, replies=[
            Said(11, 100, "Is a judge available at night? Serious crimes happen at 3 am.",
                 replies=[
                Said(17, 95, "There is an on-call judge for urgent warrants. It works "
                     "for search warrants today."),
            ]),
        ]),
        Said(23, 70, "No stance yet: how long would a warrant take in practice?", agree=1),
    ],
    3: [
        Said(19, 48, "Twenty-four hours sounds right to me.", stance="in_favour", agree=2),
    ],
}
# fmt: on


def seed_comments(consultation, proposals, residents) -> None:
    """Comments, replies, votes, one edit and one deletion; skipped if any already exist."""
    existing = select(Comment.id).where(Comment.consultation_id == consultation.id).limit(1)
    if db.session.scalar(existing) is not None or len(residents) < 25:
        return
    _thread(Target("consultation", consultation, consultation), ON_CONSULTATION, residents)
    for index, said in ON_PROPOSALS.items():
        if index < len(proposals) and not proposals[index].is_withdrawn:
            _thread(Target("proposal", proposals[index], consultation), said, residents)


def _thread(target: Target, items: list[Said], residents, parent: Comment | None = None):
    for said in items:
        author = residents[said.who]
        comment = service.post_comment(
            author, target, said.edited_from or said.body, stance=said.stance, parent=parent
        )
        comment.created_at = utcnow() - timedelta(hours=said.hours_ago)
        if said.edited_from:
            service.edit_comment(comment, said.body, said.stance)
            comment.edited_at = comment.created_at + timedelta(hours=2)
            _backdate_revisions(comment, comment.edited_at)
        voters = [r for r in residents if r.id != author.id]
        for voter in voters[: said.agree]:
            service.vote(voter, comment, service.UP)
        for voter in voters[said.agree : said.agree + said.disagree]:
            service.vote(voter, comment, service.DOWN)
        _thread(target, said.replies, residents, parent=comment)
        if said.deleted:
            service.delete_comment(comment)
            comment.deleted_at = comment.created_at + timedelta(hours=20)
            _backdate_revisions(comment, comment.deleted_at)


def _backdate_revisions(comment: Comment, when) -> None:
    """The history reads as if the change happened when the demo says it did."""
    db.session.flush()
    db.session.execute(
        update(CommentRevision)
        .where(CommentRevision.comment_id == comment.id, CommentRevision.replaced_at > when)
        .values(replaced_at=when)
    )
