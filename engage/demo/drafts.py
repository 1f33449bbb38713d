"""Demo draft: the facial recognition rules in five sections and twelve clauses, published
as version 1 and a version 2 that shortens the retention period, with clause comments.

Written through the services, so numbers, versions, audit entries and counts are what
the app itself makes. Idempotent: nothing is added once the consultation has a draft.
"""

from __future__ import annotations

from typing import Any

from engage.comments import service as comments
from engage.comments.targets import Target
from engage.drafts import queries, service
from engage.drafts.models import Draft
from engage.extensions import db

TITLE = "Police use of facial recognition: rules (draft)"

DOCUMENT = """# Purpose and scope

This policy sets the rules for any use of facial recognition technology by the city police.

It applies to every officer, contractor and system acting for the police, including systems \
run by other public bodies on the police's behalf.

# Permitted uses

Facial recognition may be used only to identify a person suspected of a serious crime, with \
a written authorisation from a judge.

Live facial recognition in public spaces is not permitted.

Searches of lawfully held images after the event are permitted only to investigate a serious \
crime, and must be authorised by a superintendent or a more senior officer.

# Data and retention

Images of people who are not a match are deleted at once and never stored.

Images and match results connected to an investigation are kept for no longer than 90 days, \
unless they become evidence in a prosecution.

The watchlist contains only people sought by a court warrant, and it is reviewed every month.

# Accuracy and fairness

No system may be used until an independent test has measured its error rates, including by \
age, sex and skin tone, and the results are published.

A match is never enough on its own to stop or arrest someone: an officer must confirm it first.

# Oversight and transparency

Every search is logged with the officer, the reason and the result, and the Independent \
Oversight Board audits the log every three months.

The police publish a yearly report with the number of searches, matches, false matches and \
resulting charges."""

# (clause number, resident index, what they said)
# fmt: off
CLAUSE_COMMENTS = [
    (4, 0, "Thank you for ruling out live matching. Does “public spaces” include train "
           "stations and shopping centres?"),
    (4, 2, "Please also rule it out at protests, even when they are on private land."),
    (7, 1, "90 days is far too long for someone who turns out to be innocent."),
    (7, 3, "Version 2 is better. Who checks that the images are really deleted after 30 days?"),
    (9, 4, "Will the test results be published before the system is bought, or after?"),
    (10, 0, "Good. Could the officer's confirmation be recorded in the log too?"),
]
# fmt: on


def seed_draft(consultation: Any, official: Any, residents: list) -> Draft:
    """The demo consultation's draft, published twice, with comments on a few clauses."""
    draft = queries.draft_for(consultation)
    if draft is not None:
        return draft
    draft = service.create_draft(consultation, official, TITLE)
    service.import_markdown(draft, official, DOCUMENT)
    service.publish_version(draft, official, "First draft, for comment.")
    retention = queries.clause_by_number(draft, 7)
    comments.post_comment(residents[1], _target(retention, consultation), CLAUSE_COMMENTS[2][2])
    service.edit_clause(retention, official, retention.text.replace("90 days", "30 days"))
    service.publish_version(
        draft, official, "Images are kept for 30 days instead of 90, after residents' comments."
    )
    for number, who, body in CLAUSE_COMMENTS:
        if number == 7 and who == 1:
            continue  # written before version 2, above
        clause = queries.clause_by_number(draft, number)
        comments.post_comment(residents[who % len(residents)], _target(clause, consultation), body)
    db.session.flush()
    return draft


def _target(clause, consultation) -> Target:
    return Target(kind="clause", obj=clause, consultation=consultation)
