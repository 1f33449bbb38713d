"""The opinion map's statements and its vote matrix (issue 16).

The vote matrix is published vote by vote so that anyone can recompute the groups
(``flask opinion-map recompute <consultation> --from-export DIR``). Voters appear as a
pseudonym per consultation (engage.opinion_map.participants), the key the site's own
analysis uses: not the person ids of the other datasets, so opinion votes can't be
joined to the contributions someone signed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.opendata.core import keyset_source, of_published, plain
from engage.opendata.fields import BOOLEAN, DATETIME, INTEGER, STRING, Dataset, Field
from engage.opinion_map.export import STATEMENTS_DATASET, VOTES_DATASET
from engage.opinion_map.models import OpinionStatement, OpinionVote
from engage.opinion_map.participants import participant_key

HIDDEN = "hidden"


def _statements_query():
    query = select(OpinionStatement).where(OpinionStatement.visibility.in_(("visible", HIDDEN)))
    return of_published(query, OpinionStatement.consultation_id)


def _votes_query():
    query = (
        select(
            OpinionVote.id,
            OpinionVote.consultation_id,
            OpinionVote.statement_id,
            OpinionVote.user_id,
            OpinionVote.value,
        )
        .join(OpinionStatement, OpinionStatement.id == OpinionVote.statement_id)
        .where(OpinionStatement.visibility == "visible")
    )
    return of_published(query, OpinionVote.consultation_id)


STATEMENTS = Dataset(
    name=STATEMENTS_DATASET,
    title=_l("Opinion map statements"),
    summary=_l(
        "The short statements people agree, disagree or pass on in a consultation's "
        "opinion map, with their counts."
    ),
    fields=(
        Field("id", INTEGER, "Statement id."),
        Field("consultation_id", INTEGER, "The consultation it belongs to."),
        Field(
            "visibility",
            STRING,
            "Visible, or hidden by moderation (then its text is null and its votes are "
            "left out of the vote matrix and the groups).",
            enum=("visible", HIDDEN),
        ),
        Field("text", STRING, "The statement (at most 140 characters).", True, withheld=True),
        Field("seeded", BOOLEAN, "Written by the officials to start the map off."),
        Field("agree_count", INTEGER, "People who agree."),
        Field("disagree_count", INTEGER, "People who disagree."),
        Field("pass_count", INTEGER, "People who passed (saw it, no opinion)."),
        Field("created_at", DATETIME, "When it was written (UTC)."),
    ),
    source=keyset_source(_statements_query, OpinionStatement.id, OpinionStatement.consultation_id),
    shown=lambda statement: statement.visibility != HIDDEN,
)

VOTES = Dataset(
    name=VOTES_DATASET,
    title=_l("Opinion map votes"),
    summary=_l(
        "The vote matrix: every agree, disagree or pass on a visible statement, with a "
        "pseudonymous voter id of its own for each consultation."
    ),
    fields=(
        Field("id", INTEGER, "Vote id."),
        Field("consultation_id", INTEGER, "The consultation."),
        Field("statement_id", INTEGER, "The statement (see opinion_statements)."),
        Field(
            "participant_id",
            STRING,
            "The voter: a pseudonym that is the same for one person throughout one "
            "consultation, different in every other consultation and in other datasets.",
            value=lambda row: participant_key(row.consultation_id, row.user_id),
        ),
        Field("value", INTEGER, "1 agree, -1 disagree, 0 pass."),
    ),
    source=keyset_source(_votes_query, OpinionVote.id, OpinionVote.consultation_id, read=plain),
    has_items=False,
)

OPINION_MAP = (STATEMENTS, VOTES)
