"""Co-drafting datasets: published draft versions with their clause texts, and amendments.

Amendments follow the same rule as proposals: held ones are left out, hidden ones keep
their place without text or author.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from engage.amendments.models import Amendment, AmendmentKind, AmendmentStatus
from engage.drafts.models import ClauseVersion, Draft, DraftVersion
from engage.moderation.models import Visibility
from engage.opendata.core import (
    HIDEABLE_AUTHOR_ID,
    PAGE_COUNTS,
    PROPOSAL_VISIBILITIES,
    VISIBILITY,
    joined,
    keyset_source,
    of_published,
    page_url,
    with_person,
)
from engage.opendata.fields import (
    DATETIME,
    INTEGER,
    STRING,
    Dataset,
    Field,
    optional_text,
    person,
    public_name,
)


def _draft_versions():
    query = select(DraftVersion, Draft.consultation_id).join(
        Draft, DraftVersion.draft_id == Draft.id
    )
    return of_published(query, Draft.consultation_id).options(
        with_person(DraftVersion.published_by)
    )


DRAFT_VERSIONS = Dataset(
    name="draft_versions",
    title=_l("Draft versions"),
    summary=_l("Every published version of each draft policy text."),
    fields=(
        Field("id", INTEGER, "Version id."),
        Field("consultation_id", INTEGER, "The consultation the draft belongs to."),
        Field("draft_id", INTEGER, "The draft."),
        Field("number", INTEGER, "Version number: 1, 2, 3…"),
        Field("title", STRING, "The draft's title in this version."),
        optional_text("note", "What changed, as the official wrote it."),
        Field("published_at", DATETIME, "When it was published (UTC)."),
        person("published_by_id", "Pseudonymous id of the official who published it."),
        public_name("published_by_name", "Public name of that official.", "published_by"),
        Field("credited_amendment_id", INTEGER, "The amendment it accepted.", nullable=True),
        Field("clause_count", INTEGER, "Sections and clauses in this version."),
    ),
    source=keyset_source(_draft_versions, DraftVersion.id, Draft.consultation_id, read=joined),
)


def _clause_versions():
    query = (
        select(ClauseVersion, Draft.consultation_id, DraftVersion.number.label("version_number"))
        .join(DraftVersion, ClauseVersion.draft_version_id == DraftVersion.id)
        .join(Draft, DraftVersion.draft_id == Draft.id)
    )
    return of_published(query, Draft.consultation_id)


CLAUSE_VERSIONS = Dataset(
    name="clause_versions",
    title=_l("Draft texts"),
    summary=_l("The text of every section and clause in every published draft version."),
    fields=(
        Field("id", INTEGER, "Row id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("draft_version_id", INTEGER, "The version (see draft_versions)."),
        Field("version_number", INTEGER, "That version's number."),
        Field("clause_id", INTEGER, "The clause; the same across versions."),
        Field("number", INTEGER, "The clause's stable display number."),
        Field("kind", STRING, "Section heading or clause.", enum=("section", "clause")),
        Field("position", INTEGER, "Order in the version, lowest first."),
        Field("text", STRING, "Its text in this version (Markdown)."),
    ),
    source=keyset_source(_clause_versions, ClauseVersion.id, Draft.consultation_id, read=joined),
)


def _amendment_shown(a: Amendment) -> bool:
    return a.visibility == Visibility.VISIBLE


def _amendments():
    return (
        of_published(select(Amendment), Amendment.consultation_id)
        .where(Amendment.visibility.in_(PROPOSAL_VISIBILITIES))
        .options(with_person(Amendment.author), joinedload(Amendment.clause).lazyload("*"))
    )


AMENDMENTS = Dataset(
    name="amendments",
    title=_l("Amendments"),
    summary=_l("Residents' proposed changes to draft clauses, and what was decided."),
    fields=(
        Field("id", INTEGER, "Amendment id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("draft_id", INTEGER, "The draft."),
        Field("clause_id", INTEGER, "The clause it changes (or inserts after)."),
        Field(
            "clause_number",
            INTEGER,
            "That clause's display number.",
            value=lambda a: a.clause.number,
        ),
        VISIBILITY,
        Field(
            "kind",
            STRING,
            "Replace the clause, insert one after it, or delete it.",
            enum=tuple(AmendmentKind),
        ),
        Field(
            "text",
            STRING,
            "The proposed wording; null when hidden.",
            nullable=True,
            withheld=True,
        ),
        Field(
            "rationale",
            STRING,
            "Why, in the author's words; null when hidden.",
            nullable=True,
            withheld=True,
        ),
        HIDEABLE_AUTHOR_ID,
        public_name(
            "author_name", "Public name of its author; null when hidden.", "author", withheld=True
        ),
        Field("based_on_version_number", INTEGER, "The draft version it was written against."),
        Field("status", STRING, "Where it stands.", enum=tuple(AmendmentStatus)),
        optional_text("decision_reason", "The official's reason for the decision."),
        person("decided_by_id", "Pseudonymous id of the deciding official.", nullable=True),
        Field("decided_at", DATETIME, "When it was decided.", nullable=True),
        Field("accepted_in_version_number", INTEGER, "The version that took it in.", nullable=True),
        Field("withdrawn_at", DATETIME, "When its author withdrew it.", nullable=True),
        *PAGE_COUNTS,
        Field("created_at", DATETIME, "When it was proposed (UTC)."),
        page_url("amendments.view_amendment", "amendment_id"),
    ),
    source=keyset_source(_amendments, Amendment.id, Amendment.consultation_id),
    shown=_amendment_shown,
)

CODRAFTING = (DRAFT_VERSIONS, CLAUSE_VERSIONS, AMENDMENTS)
