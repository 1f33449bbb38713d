"""Shared set-ups for the decisions tests: reported items, decided cases, appeals."""

from __future__ import annotations

from engage.extensions import db
from engage.moderation import intake
from engage.moderation.appeals import service as appeals
from engage.moderation.decisions import service as actions


def reported_comment(f, author=None, reporters: int = 3, reason: str = "personal_information"):
    """A comment reported by ``reporters`` different people (3 hide it); returns (comment, case)."""
    body = "Call him at 555-0100, he lives at 4 Elm St."
    comment = f.comment(author=author or f.user(), body=body)
    for _ in range(reporters):
        intake.report(f.user(), comment, reason, "Phone number and address.")
    db.session.commit()
    return comment, intake.open_case_for("comment", comment.id)


def hidden_by(f, moderator, author=None):
    """A comment a moderator hid under rule 3; returns the action."""
    _comment, case = reported_comment(f, author=author)
    action = actions.act(moderator, case, "hide", rule_number=3, note="It gives a home address.")
    db.session.commit()
    return action


def appealed(f, moderator, author=None):
    """An open appeal against ``moderator``'s decision about ``author``'s comment."""
    author = author or f.user()
    action = hidden_by(f, moderator, author=author)
    appeal = appeals.file_appeal(author, action, "It was a public office's address.")
    db.session.commit()
    return appeal
