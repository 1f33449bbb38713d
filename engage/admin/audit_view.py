"""How the audit log reads: actions, kinds and fields in words, targets by name with a link.

Entries keep their internal codes (``moderation.hide``, ``user``, ``closes_at``); this
module turns them into words for the page, and finds the targets' names in one query
per kind of target, so a page of 50 entries costs the same as a page of 5.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.routing import BuildError

from engage.accounts.models import User
from engage.amendments.models import Amendment
from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.consultations.models import Consultation, Topic
from engage.drafts.models import Clause, Draft
from engage.extensions import db
from engage.guidelines.models import GuidelinesVersion
from engage.moderation.decision_models import Appeal
from engage.outcomes.models import Commitment
from engage.proposals.models import Proposal
from engage.text import plain_excerpt

# Areas of the site, in the order of the filter, each with its actions.
# "moderation" as a filter finds every moderation.* action (AuditFilters.apply).
ACTION_GROUPS: tuple[tuple[str, Any, tuple[tuple[str, Any], ...]], ...] = (
    (
        "user",
        _l("People and roles"),
        (
            ("user.created", _l("Account created")),
            ("user.roles_changed", _l("Roles changed")),
        ),
    ),
    (
        "two_factor",
        _l("Two-step sign-in"),
        (
            ("two_factor.enrolled", _l("Second factor set up")),
            ("two_factor.replaced", _l("Second factor replaced")),
            ("two_factor.recovery_codes_replaced", _l("Recovery codes replaced")),
            ("two_factor.recovery_code_used", _l("Recovery code used")),
            ("two_factor.reset", _l("Second factor reset")),
        ),
    ),
    (
        "demographics",
        _l("Optional questions"),
        (
            ("demographics.question_changed", _l("Optional question changed")),
            ("demographics.reference_changed", _l("Population shares changed")),
        ),
    ),
    (
        "consultation",
        _l("Consultations"),
        (
            ("consultation.created", _l("Consultation created")),
            ("consultation.edited", _l("Consultation edited")),
            ("consultation.published", _l("Consultation published")),
            ("consultation.closed", _l("Consultation closed")),
            ("consultation.translation_added", _l("Translation added")),
            ("consultation.translation_edited", _l("Translation edited")),
            ("consultation.translation_removed", _l("Translation removed")),
        ),
    ),
    (
        "topic",
        _l("Topics"),
        (
            ("topic.added", _l("Topic added")),
            ("topic.renamed", _l("Topic renamed")),
            ("topic.moved", _l("Topic moved")),
            ("topic.translated", _l("Topic translated")),
        ),
    ),
    (
        "draft",
        _l("Drafts"),
        (
            ("draft.created", _l("Draft created")),
            ("draft.imported", _l("Draft imported")),
            ("draft.renamed", _l("Draft renamed")),
            ("draft.published", _l("Draft version published")),
        ),
    ),
    (
        "clause",
        _l("Clauses"),
        (
            ("clause.added", _l("Clause added")),
            ("clause.edited", _l("Clause edited")),
            ("clause.removed", _l("Clause removed")),
            ("clause.restored", _l("Clause restored")),
        ),
    ),
    (
        "amendment",
        _l("Amendments"),
        (
            ("amendment.accepted", _l("Amendment accepted")),
            ("amendment.rejected", _l("Amendment rejected")),
        ),
    ),
    (
        "proposal",
        _l("Proposals"),
        (
            ("proposal.answered", _l("Proposal answered")),
            ("proposal.coauthor_invited", _l("Co-author invited")),
            ("proposal.coauthor_accepted", _l("Co-author invitation accepted")),
            ("proposal.coauthor_declined", _l("Co-author invitation declined")),
        ),
    ),
    (
        "assisted",
        _l("Input received offline"),
        (
            ("assisted.proposal_recorded", _l("Proposal recorded for someone")),
            ("assisted.comment_recorded", _l("Comment recorded for someone")),
            ("assisted.csv_imported", _l("Input imported from a file")),
        ),
    ),
    (
        "moderation",
        _l("Moderation"),
        (
            ("moderation.hold", _l("Held for review")),
            ("moderation.auto_hide", _l("Hidden automatically after reports")),
            ("moderation.hide", _l("Hidden")),
            ("moderation.restore", _l("Restored")),
            ("moderation.approve", _l("Approved")),
            ("moderation.dismiss", _l("Reports dismissed")),
            ("moderation.request_edit", _l("Author asked to edit")),
            ("moderation.suspend", _l("Account suspended")),
            ("moderation.appeal_filed", _l("Appeal filed")),
            ("moderation.appeal_upheld", _l("Appeal decided: decision upheld")),
            ("moderation.appeal_overturned", _l("Appeal decided: decision overturned")),
        ),
    ),
    (
        "guidelines",
        _l("Community guidelines"),
        (("guidelines.edited", _l("Guidelines edited")),),
    ),
    (
        "outcome",
        _l("Outcome reports"),
        (
            ("outcome.edited", _l("Outcome report edited")),
            ("outcome.published", _l("Outcome report published")),
        ),
    ),
    (
        "commitment",
        _l("Commitments"),
        (
            ("commitment.created", _l("Commitment made")),
            ("commitment.updated", _l("Commitment progress updated")),
        ),
    ),
    (
        "milestone",
        _l("Milestones"),
        (
            ("milestone.created", _l("Milestone added")),
            ("milestone.reached", _l("Milestone reached")),
        ),
    ),
)

TARGET_LABELS: dict[str, Any] = {
    "user": _l("Person"),
    "consultation": _l("Consultation"),
    "proposal": _l("Proposal"),
    "comment": _l("Comment"),
    "amendment": _l("Amendment"),
    "opinion_statement": _l("Opinion map statement"),
    "opinion_map": _l("Opinion map"),
    "demographics": _l("Optional questions"),
    "topic": _l("Topic"),
    "draft": _l("Draft"),
    "clause": _l("Clause"),
    "appeal": _l("Appeal"),
    "commitment": _l("Commitment"),
    "guidelines_version": _l("Community guidelines"),
}

# What the before/after values are called; a key missing here is shown as it is.
FIELD_LABELS: dict[str, Any] = {
    "roles": _l("Roles"),
    "title": _l("Title"),
    "slug": _l("Web address"),
    "name": _l("Name"),
    "topic_id": _l("Topic"),
    "department_id": _l("Responsible department"),
    "official_id": _l("Responsible official"),
    "contact": _l("Contact"),
    "summary": _l("Summary"),
    "easy_read_summary": _l("Easy-read summary"),
    "body": _l("Full text"),
    "commitment": _l("How people's input will be used"),
    "opens_at": _l("Opens at"),
    "closes_at": _l("Closes at"),
    "support_threshold": _l("Supports needed for an official response"),
    "response_window_days": _l("Days to respond once a proposal reaches that number"),
    "review_before_publishing": _l("Review before publishing"),
    "locale": _l("Language"),
    "position": _l("Position"),
    "text": _l("Text"),
    "kind": _l("Kind"),
    "number": _l("Number"),
    "visibility": _l("Visibility"),
    "rule": _l("Rule"),
    "days": _l("Days"),
    "status": _l("Status"),
    "percent_done": _l("Percent done"),
    "heard": _l("What we heard"),
    "decided": _l("What we decided"),
    "channel": _l("Channel"),
    "received_on": _l("Received on"),
    "submitted_for_name": _l("Submitted for"),
    "file": _l("File"),
    "imported": _l("Rows imported"),
    "rejected": _l("Rows rejected"),
    "recovery_codes": _l("Recovery codes"),
    "recovery_codes_left": _l("Recovery codes left"),
    "version": _l("Version"),
}

# Values longer than this are shortened, with the full text a click away.
SHORT_TEXT = 120


@dataclass(frozen=True)
class Target:
    kind: str
    name: str
    url: str | None


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def action_label(action: str) -> str:
    return str(_action_labels().get(action, action))


def target_kind_label(kind: str) -> str:
    return str(TARGET_LABELS.get(kind, kind))


@cache
def _action_labels() -> dict[str, Any]:
    return {code: label for _, _, actions in ACTION_GROUPS for code, label in actions}


def action_choices(selected: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The action filter's option groups: (group label, [(value, label)]), each group
    starting with all of its actions; a value from an older link is kept as it is."""
    groups = [
        (
            str(group_label),
            [(prefix, str(_l("All: %(area)s", area=group_label)))]
            + [(code, str(label)) for code, label in actions],
        )
        for prefix, group_label, actions in ACTION_GROUPS
    ]
    known = {value for _, options in groups for value, _ in options}
    if selected and selected not in known:
        groups.append((str(_l("Other")), [(selected, selected)]))
    return groups


def target_choices(kinds: Iterable[str]) -> list[tuple[str, str]]:
    return [(kind, target_kind_label(kind)) for kind in kinds]


def changes(entry: AuditEntry) -> list[Change]:
    """Each field the entry records, with its value before and after, in words."""
    before, after = entry.before or {}, entry.after or {}
    fields = list(before) + [key for key in after if key not in before]
    return [
        Change(str(FIELD_LABELS.get(key, key)), _value(before.get(key)), _value(after.get(key)))
        for key in fields
    ]


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {_value(v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return str(value)


def short(text: str) -> str | None:
    """The start of a long value (None when it is short enough to show whole)."""
    if len(text) <= SHORT_TEXT:
        return None
    return text[: SHORT_TEXT - 1].rstrip() + "…"


def targets(entries: Iterable[AuditEntry]) -> dict[tuple[str, int], Target]:
    """The named, linked targets of these entries: one query per kind of target."""
    ids: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.target_id is not None and entry.target_type in _LOADERS:
            ids[entry.target_type].add(entry.target_id)
    found: dict[tuple[str, int], Target] = {}
    for kind, wanted in ids.items():
        for target_id, name, url in _LOADERS[kind](wanted):
            found[kind, target_id] = Target(kind, name, url)
    return found


def _url(endpoint: str, **args: Any) -> str | None:
    try:
        return url_for(endpoint, **args)
    except BuildError:  # the feature isn't installed
        return None


def _rows(query) -> list[Any]:
    return list(db.session.execute(query).all())


def _users(ids: set[int]):
    for row in _rows(select(User.id, User.display_name).where(User.id.in_(ids))):
        yield row.id, row.display_name, _url("admin.user_detail", user_id=row.id)


def _consultations(ids: set[int]):
    query = select(Consultation.id, Consultation.title, Consultation.slug)
    for row in _rows(query.where(Consultation.id.in_(ids))):
        yield row.id, row.title, _url("consultations.view_consultation", slug=row.slug)


def _proposals(ids: set[int]):
    for row in _rows(select(Proposal.id, Proposal.title).where(Proposal.id.in_(ids))):
        yield row.id, row.title, _url("proposals.view_proposal", proposal_id=row.id)


def _comments(ids: set[int]):
    for row in _rows(select(Comment.id, Comment.body).where(Comment.id.in_(ids))):
        name = plain_excerpt(row.body or "", 60) or str(_l("Comment %(id)d", id=row.id))
        yield row.id, name, _url("comments.show", comment_id=row.id)


def _amendments(ids: set[int]):
    query = (
        select(Amendment.id, Clause.number, Consultation.title)
        .join(Clause, Clause.id == Amendment.clause_id)
        .join(Consultation, Consultation.id == Amendment.consultation_id)
        .where(Amendment.id.in_(ids))
    )
    for row in _rows(query):
        name = str(_l("To clause %(number)d of %(title)s", number=row.number, title=row.title))
        yield row.id, name, _url("amendments.view_amendment", amendment_id=row.id)


def _topics(ids: set[int]):
    for row in _rows(select(Topic.id, Topic.name).where(Topic.id.in_(ids))):
        yield row.id, row.name, None


def _drafts(ids: set[int]):
    query = (
        select(Draft.id, Draft.title, Consultation.slug)
        .join(Consultation, Consultation.id == Draft.consultation_id)
        .where(Draft.id.in_(ids))
    )
    for row in _rows(query):
        yield row.id, row.title, _url("drafts.view_draft", slug=row.slug)


def _clauses(ids: set[int]):
    query = (
        select(Clause.id, Clause.number, Consultation.title, Consultation.slug)
        .join(Draft, Draft.id == Clause.draft_id)
        .join(Consultation, Consultation.id == Draft.consultation_id)
        .where(Clause.id.in_(ids))
    )
    for row in _rows(query):
        name = str(_l("Clause %(number)d of %(title)s", number=row.number, title=row.title))
        yield row.id, name, _url("drafts.view_clause", slug=row.slug, number=row.number)


def _appeals(ids: set[int]):
    for row in _rows(select(Appeal.id).where(Appeal.id.in_(ids))):
        name = str(_l("Appeal %(id)d", id=row.id))
        yield row.id, name, _url("moderation.decide_appeal", appeal_id=row.id)


def _commitments(ids: set[int]):
    for row in _rows(select(Commitment.id, Commitment.title).where(Commitment.id.in_(ids))):
        yield row.id, row.title, _url("outcomes.view_commitment", commitment_id=row.id)


def _guidelines(ids: set[int]):
    query = select(GuidelinesVersion.id, GuidelinesVersion.number)
    for row in _rows(query.where(GuidelinesVersion.id.in_(ids))):
        name = str(_l("Version %(number)d", number=row.number))
        yield row.id, name, _url("guidelines.show_version", number=row.number)


_LOADERS: dict[str, Callable[[set[int]], Iterable[tuple[int, str, str | None]]]] = {
    "user": _users,
    "consultation": _consultations,
    "proposal": _proposals,
    "comment": _comments,
    "amendment": _amendments,
    "topic": _topics,
    "draft": _drafts,
    "clause": _clauses,
    "appeal": _appeals,
    "commitment": _commitments,
    "guidelines_version": _guidelines,
}
