"""Every change to amendments: propose, support, withdraw, accept (publishing a new draft
version credited to the amendment), reject. Counters move with SQL increments in the same
transaction; decisions are audited. Nothing here commits: the request does, once."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from engage import signals
from engage.amendments.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
)
from engage.amendments.queries import published_text
from engage.audit.service import record
from engage.database import increment, utcnow
from engage.drafts import service as drafts
from engage.drafts.models import CLAUSE, Clause, DraftVersion
from engage.extensions import db
from engage.moderation import intake
from engage.supports import service as supports


class AmendmentError(ValueError):
    """A decision the draft can't take now; the message says why, for the official."""


def count_on_clause(amendment: Amendment, delta: int) -> None:
    """An amendment held for review (pending) is not counted on its clause."""
    increment(amendment.clause, amendment_count=delta)


def create(author: Any, clause: Clause, kind: str, text: str, rationale: str) -> Amendment:
    """Written against the clause's current published text, which is kept with it."""
    if kind not in tuple(AmendmentKind):
        raise ValueError(kind)
    draft = clause.draft
    amendment = Amendment(
        draft_id=draft.id,
        clause_id=clause.id,
        clause=clause,
        consultation_id=draft.consultation_id,
        author_id=author.id,
        author=author,
        kind=kind,
        text="" if kind == AmendmentKind.DELETE else text.strip(),
        rationale=rationale.strip(),
        based_on_version_number=draft.current_version_number,
        based_on_text=published_text(clause) or clause.text,
        created_at=utcnow(),
    )
    db.session.add(amendment)
    db.session.flush()
    count_on_clause(amendment, 1)

    intake.screen_new_content(amendment, author)  # first: listeners see it held or published
    signals.amendment_proposed.send(amendment)
    return amendment


def support(user: Any, amendment: Amendment) -> bool:
    """Add this person's support; False if they already supported (also under a race)."""
    return supports.add(user, amendment, AmendmentSupport)


def unsupport(user: Any, amendment: Amendment) -> bool:
    """Take support back; False if there was none."""
    return supports.remove(user, amendment, AmendmentSupport)


def withdraw(author: Any, amendment: Amendment) -> None:
    """Never deleted: it stays readable, marked withdrawn."""
    if not amendment.is_open:
        return
    amendment.status = AmendmentStatus.WITHDRAWN
    amendment.withdrawn_at = utcnow()
    db.session.flush()
    signals.amendment_withdrawn.send(amendment)


def accept_refusal(amendment: Amendment) -> str | None:
    """Why the draft can't take this amendment as it stands (the official must act first)."""
    clause = amendment.clause
    if clause.draft.has_unpublished_changes:
        return _(
            "The draft has edits that are not published yet. Publish them as their own "
            "version first, so the version that accepts this amendment holds only its change."
        )
    if clause.removed:
        return _("The clause was removed from the draft, so this amendment can only be rejected.")
    return None


def accept(
    official: Any,
    amendment: Amendment,
    note: str = "",
    merged_text: str | None = None,
    confirmed: bool = False,
) -> DraftVersion:
    """Publish a new version with the change, credited to the amendment and its author.

    If the clause changed since the amendment was written, nothing is overwritten
    silently: the official must confirm the exact text to publish (``merged_text``).
    """
    refusal = accept_refusal(amendment)
    if refusal:
        raise AmendmentError(refusal)
    clause = amendment.clause
    current = published_text(clause)
    out_of_date = amendment.out_of_date_against(current)
    if out_of_date and not confirmed:
        raise AmendmentError(
            _(
                "The clause changed after this amendment was written. Check the text to publish "
                "against the current clause and confirm it."
            )
        )
    text = amendment.text
    if amendment.kind != AmendmentKind.DELETE and (merged_text or "").strip():
        text = merged_text.strip()

    def change(draft):
        if amendment.kind == AmendmentKind.REPLACE:
            drafts.edit_clause(clause, official, text)
        elif amendment.kind == AmendmentKind.INSERT_AFTER:
            drafts.add_clause(draft, official, CLAUSE, text, after=clause)
        else:
            drafts.remove_clause(clause, official)

    version = drafts.publish_version(
        clause.draft, official, note, credited_amendment=amendment, changes=change
    )
    amendment.status = AmendmentStatus.ACCEPTED
    amendment.decided_by_id = official.id
    amendment.decided_at = utcnow()
    amendment.decision_reason = (note or "").strip()
    amendment.accepted_in_version_number = version.number
    amendment.accepted_text = "" if amendment.kind == AmendmentKind.DELETE else text
    db.session.flush()
    after = {
        "version": version.number,
        "merged": text != amendment.text,
        "out_of_date": out_of_date,
    }
    record(
        official,
        "amendment.accepted",
        "amendment",
        amendment.id,
        reason=amendment.decision_reason,
        after=after,
    )
    signals.amendment_decided.send(amendment, official=official)
    return version


def reject(official: Any, amendment: Amendment, reason: str) -> None:
    """The reason is required and shown publicly on the amendment."""
    reason = (reason or "").strip()
    if not reason:
        raise AmendmentError(_("Say why it is rejected: the reason is shown publicly."))
    amendment.status = AmendmentStatus.REJECTED
    amendment.decided_by_id = official.id
    amendment.decided_at = utcnow()
    amendment.decision_reason = reason
    db.session.flush()
    record(official, "amendment.rejected", "amendment", amendment.id, reason=reason)
    signals.amendment_decided.send(amendment, official=official)
