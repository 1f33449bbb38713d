"""Where a person is in the database: every column with a foreign key to ``users``.

Read from SQLAlchemy's metadata, so a table another feature adds is found without
anyone listing it here. Export takes every such row as it finds it. Deletion needs to
know what to do with each column, one of:

- ``delete``: the rows are the person's alone (sessions, settings, notices to them);
- ``reassign``: the rows stay and point at a nameless "former participant" account
  made for this deletion (texts, supports and votes, staff actions), so threads, counts
  and accountability stay whole while nothing leads back to the person.

A feature says so on its own column, ``mapped_column(ForeignKey("users.id"),
info={"account_deletion": "delete"})``, or in HANDLING below for the older tables.
tests/test_personal_data_coverage.py fails for a column that says neither.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Column, Table

from engage.extensions import db

DELETE = "delete"
REASSIGN = "reassign"
ACTIONS = (DELETE, REASSIGN)

HANDLING: dict[str, str] = {
    # The person's own settings, sign-ins and messages to them.
    "user_roles.user_id": DELETE,
    "user_sessions.user_id": DELETE,
    "security_events.user_id": DELETE,
    "recovery_codes.user_id": DELETE,
    "email_settings.user_id": DELETE,
    "follows.user_id": DELETE,
    "notice_digests.user_id": DELETE,
    "notices.user_id": DELETE,
    "deliveries.user_id": DELETE,
    # What they wrote or did in public: kept whole, signed by the former participant
    # (texts become tombstones first when they chose to remove them).
    "comments.author_id": REASSIGN,
    "comment_votes.user_id": REASSIGN,
    "proposals.author_id": REASSIGN,
    "proposals.edited_by_id": REASSIGN,
    "proposal_versions.editor_id": REASSIGN,
    "proposal_coauthors.user_id": REASSIGN,
    "proposal_coauthors.invited_by_id": REASSIGN,
    "supports.user_id": REASSIGN,
    "amendments.author_id": REASSIGN,
    "amendment_supports.user_id": REASSIGN,
    "notices.actor_id": REASSIGN,
    # Moderation about them and by them: the record must add up (public log, appeals).
    "moderation_cases.author_id": REASSIGN,
    "moderation_cases.claimed_by_id": REASSIGN,
    "moderation_reports.reporter_id": REASSIGN,
    "moderation_actions.author_id": REASSIGN,
    "moderation_actions.moderator_id": REASSIGN,
    "appeals.appellant_id": REASSIGN,
    "appeals.decided_by_id": REASSIGN,
    "suspensions.user_id": REASSIGN,
    "suspensions.moderator_id": REASSIGN,
    # Staff actions: accountable to the role ("Former official"), not the name.
    "audit_entries.actor_id": REASSIGN,
    "consultations.created_by_id": REASSIGN,
    "consultations.edited_by_id": REASSIGN,
    "consultations.official_id": REASSIGN,
    "consultation_translations.updated_by_id": REASSIGN,
    "guidelines_versions.created_by_id": REASSIGN,
    "csv_imports.official_id": REASSIGN,
    "official_responses.official_id": REASSIGN,
    "outcomes.created_by_id": REASSIGN,
    "outcomes.published_by_id": REASSIGN,
    "outcomes.edited_by_id": REASSIGN,
    "commitments.created_by_id": REASSIGN,
    "commitment_updates.author_id": REASSIGN,
    "draft_versions.published_by_id": REASSIGN,
    "clauses.edited_by_id": REASSIGN,
    "amendments.decided_by_id": REASSIGN,
    # The opinion map (engage.opinion_map): statements and votes stay as counts.
    "opinion_statements.author_id": REASSIGN,
    "opinion_votes.user_id": REASSIGN,
}

# Values never put in a download: they would let someone sign in as the person.
SECRET_COLUMNS = frozenset(
    {"password_hash", "totp_secret", "totp_last_step", "token_hash", "code_hash", "content"}
)


@dataclass(frozen=True)
class Reference:
    table: Table
    column: Column

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column.name}"

    @property
    def action(self) -> str | None:
        return self.column.info.get("account_deletion") or HANDLING.get(self.name)


def references() -> list[Reference]:
    """Every column holding a user's id, in dependency order of their tables."""
    users = db.metadata.tables["users"]
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table is users for fk in column.foreign_keys):
                found.append(Reference(table, column))
    return found


def by_table() -> dict[Table, list[Column]]:
    grouped: dict[Table, list[Column]] = defaultdict(list)
    for ref in references():
        grouped[ref.table].append(ref.column)
    return dict(grouped)


def unhandled() -> list[str]:
    return [ref.name for ref in references() if ref.action not in ACTIONS]
