"""Every change to a draft: create, import, edit clause by clause, publish a version.

For the amendments feature (and anything else that changes the text):

    publish_version(draft, actor, note, credited_amendment=None, changes=None) -> DraftVersion

``changes``, if given, is called as ``changes(draft)`` first and edits the working copy
with the functions below (``edit_clause``, ``add_clause(..., after=clause)``,
``remove_clause``); then every clause that is not removed is snapshotted into a new,
immutable, numbered ``DraftVersion``. ``credited_amendment`` (any object with ``id``)
is stored as ``DraftVersion.credited_amendment_id``. Raises ``DraftError`` when there is
nothing to publish. Like every service it writes, audits and flushes; the request commits.

Clauses are addressed by kind and number (``queries.clause_by_number``); draft pages use
the consultation's slug: ``url_for("drafts.view_clause", slug=..., number=...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from engage import signals
from engage.audit.service import record
from engage.concurrency import claim
from engage.database import utcnow
from engage.drafts.markdown_import import parse_markdown
from engage.drafts.models import CLAUSE, KINDS, SECTION, Clause, ClauseVersion, Draft, DraftVersion
from engage.extensions import db


class DraftError(ValueError):
    """A change the draft cannot take (the message says why, for the person)."""


def create_draft(consultation: Any, actor: Any, title: str) -> Draft:
    draft = Draft(consultation_id=consultation.id, consultation=consultation, title=title.strip())
    db.session.add(draft)
    db.session.flush()
    record(actor, "draft.created", "draft", draft.id, after={"title": draft.title})
    return draft


def import_markdown(draft: Draft, actor: Any, markdown: str) -> int:
    """Replace the working copy with the document: headings become sections, paragraphs clauses.

    Only before the first version is published: after that, numbers are public and
    changes go clause by clause. Returns how many parts were created.
    """
    if draft.is_published:
        raise DraftError(_("This draft is published; change it clause by clause."))
    parts = parse_markdown(markdown)
    if not parts:
        raise DraftError(_("The document has no headings or paragraphs."))
    # Never published, never commented on: the old working copy can simply go.
    db.session.execute(db.delete(Clause).where(Clause.draft_id == draft.id))
    numbers = {SECTION: 0, CLAUSE: 0}
    rows = []
    for position, (kind, text) in enumerate(parts, start=1):
        numbers[kind] += 1
        rows.append(
            {
                "draft_id": draft.id,
                "kind": kind,
                "number": numbers[kind],
                "position": position,
                "text": text,
                "removed": False,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
        )
    db.session.execute(insert(Clause), rows)
    _touch(draft)
    record(
        actor,
        "draft.imported",
        "draft",
        draft.id,
        after={"sections": numbers[SECTION], "clauses": numbers[CLAUSE]},
    )
    db.session.flush()
    return len(rows)


def edit_clause(clause: Clause, actor: Any, text: str, loaded_version: int | None = None) -> bool:
    """Change a clause's working text; False when nothing changed.

    Raises ``EditConflict``, writing nothing, when someone else saved the clause after
    ``loaded_version`` (the version the editor's form was filled from).
    """
    text = text.strip()
    if text == clause.text:
        return False
    claim(clause, loaded_version, actor, {"text": text})
    before = clause.text
    clause.text = text
    clause.updated_at = utcnow()
    _touch(clause.draft)
    record(
        actor, "clause.edited", "clause", clause.id, before={"text": before}, after={"text": text}
    )
    db.session.flush()
    return True


def add_clause(
    draft: Draft, actor: Any, kind: str, text: str, after: Clause | None = None
) -> Clause:
    """A new section or clause with a fresh number, after ``after`` (or at the end)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if after is None:
        last = db.session.scalar(
            select(func.max(Clause.position)).where(Clause.draft_id == draft.id)
        )
        position = (last or 0) + 1
    else:
        position = after.position + 1
        db.session.execute(
            update(Clause)
            .where(Clause.draft_id == draft.id, Clause.position >= position)
            .values(position=Clause.position + 1)
            .execution_options(synchronize_session="fetch")
        )
    highest = db.session.scalar(
        select(func.max(Clause.number)).where(Clause.draft_id == draft.id, Clause.kind == kind)
    )
    clause = Clause(
        draft_id=draft.id,
        draft=draft,
        kind=kind,
        number=(highest or 0) + 1,
        position=position,
        text=text.strip(),
    )
    db.session.add(clause)
    _touch(draft)
    db.session.flush()
    record(
        actor,
        "clause.added",
        "clause",
        clause.id,
        after={"kind": kind, "number": clause.number, "text": clause.text},
    )
    return clause


def remove_clause(clause: Clause, actor: Any) -> None:
    """Take a clause out of the next version; its number is never reused."""
    _set_removed(clause, actor, True)


def restore_clause(clause: Clause, actor: Any) -> None:
    _set_removed(clause, actor, False)


def _set_removed(clause: Clause, actor: Any, removed: bool) -> None:
    if clause.removed == removed:
        return
    clause.removed = removed
    clause.updated_at = utcnow()
    _touch(clause.draft)
    # The audit entry says the text that went out (before) or came back (after).
    text = {"text": clause.text}
    action, change = (
        ("clause.removed", {"before": text}) if removed else ("clause.restored", {"after": text})
    )
    record(actor, action, "clause", clause.id, **change)
    db.session.flush()


def publish_version(
    draft: Draft,
    actor: Any,
    note: str,
    credited_amendment: Any = None,
    changes: Callable[[Draft], Any] | None = None,
) -> DraftVersion:
    """Apply ``changes`` to the working copy, then snapshot it as the next immutable version."""
    if changes is not None:
        changes(draft)
    if draft.is_published and not draft.has_unpublished_changes and credited_amendment is None:
        raise DraftError(
            _("Nothing has changed since version %(number)s.", number=draft.current_version_number)
        )
    clauses = db.session.execute(
        select(Clause.id, Clause.number, Clause.kind, Clause.position, Clause.text)
        .where(Clause.draft_id == draft.id, Clause.removed.is_(False))
        .order_by(Clause.position)
    ).all()
    if not clauses:
        raise DraftError(_("A draft needs at least one section or clause to be published."))
    version = DraftVersion(
        draft_id=draft.id,
        number=draft.current_version_number + 1,
        title=draft.title,
        published_at=utcnow(),
        published_by_id=actor.id,
        note=(note or "").strip(),
        credited_amendment_id=getattr(credited_amendment, "id", None),
        clause_count=len(clauses),
    )
    db.session.add(version)
    db.session.flush()
    db.session.execute(
        insert(ClauseVersion),
        [
            {
                "draft_version_id": version.id,
                "clause_id": c.id,
                "number": c.number,
                "kind": c.kind,
                "position": c.position,
                "text": c.text,
            }
            for c in clauses
        ],
    )
    draft.current_version_number = version.number
    draft.has_unpublished_changes = False
    draft.updated_at = utcnow()
    record(
        actor,
        "draft.published",
        "draft",
        draft.id,
        reason=version.note,
        after={
            "version": version.number,
            "clauses": len(clauses),
            "credited_amendment_id": version.credited_amendment_id,
        },
    )
    db.session.flush()
    signals.draft_version_published.send(draft, consultation=draft.consultation, actor=actor)
    return version


def rename_draft(draft: Draft, actor: Any, title: str) -> None:
    title = title.strip()
    if title == draft.title:
        return
    record(
        actor,
        "draft.renamed",
        "draft",
        draft.id,
        before={"title": draft.title},
        after={"title": title},
    )
    draft.title = title
    _touch(draft)
    db.session.flush()


def _touch(draft: Draft) -> None:
    draft.has_unpublished_changes = True
    draft.updated_at = utcnow()
