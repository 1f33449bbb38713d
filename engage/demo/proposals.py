"""Demo proposals: residents' ideas in the open and the closed consultation, with supports."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.proposals import service as proposals
from engage.proposals.models import Proposal

# Title, author (index into RESIDENT_NAMES), days ago, supports, body.
FACIAL_RECOGNITION_PROPOSALS = [
    (
        "Ban live facial recognition in public spaces",
        0,
        9,
        26,
        """Scanning everyone who walks past a camera treats the whole city as suspects.

The rules should say clearly:

- **no live or real-time scanning** anywhere in public, not only at protests;
- no searches of footage from doorbell cameras or shops;
- the ban can only be lifted by a new public vote.

Searching booking photos after a serious crime is a different question. Live scanning
should simply not happen here.""",
    ),
    (
        "Require a judge's warrant for every face search",
        2,
        8,
        18,
        """A supervisor signing off is not enough. Police need a warrant to search my phone;
they should need one to search my face.

Emergencies (a missing child) could be allowed with a warrant requested within 24 hours.""",
    ),
    (
        "Publish yearly accuracy and bias audits by an independent lab",
        3,
        7,
        12,
        """The yearly report should not be written by the police themselves.

An independent lab should test the system every year on faces of different ages, skin
tones and genders, and publish the error rates. If errors are higher for any group,
use should stop until it is fixed.""",
    ),
    (
        "Delete non-matching images within 24 hours",
        1,
        5,
        7,
        """Thirty days is far too long to keep photos of people who matched nothing.
If a search finds no match, the probe photo and the results should be deleted the same day,
with a log entry that says it was deleted.""",
    ),
    (
        "Create a citizen oversight board with power to pause the system",
        4,
        3,
        4,
        """A board of residents, including people from the neighbourhoods most policed,
should see the usage logs every quarter and be able to pause the system if rules are broken.""",
    ),
    (
        "Tell people when their photo was searched",
        5,
        1,
        2,
        """If my booking photo came up as a possible match, I should get a letter saying so,
unless that would put an open investigation at risk. Otherwise nobody can ever challenge
a wrong match.""",
    ),
]

CHILD_WELFARE_PROPOSALS = [
    (
        "Never use benefits records in the score",
        10,
        60,
        9,
        """Using benefits records punishes families for being poor. Only records of actual
reports about the child should count.""",
    ),
    (
        "Let families see and challenge their score",
        6,
        50,
        5,
        """If a score affected how a report about my family was handled, I should be able to
see it and ask for it to be corrected.""",
    ),
]


def seed_proposals(main: Consultation, closed: Consultation, residents: list) -> list[Proposal]:
    """The proposals of both consultations; returns the main consultation's."""
    main_proposals = _proposals(main, FACIAL_RECOGNITION_PROPOSALS, residents)
    _proposals(closed, CHILD_WELFARE_PROPOSALS, residents)
    db.session.flush()
    return main_proposals


def _proposals(consultation: Consultation, items: list, residents: list) -> list[Proposal]:
    """Proposals with their supports, added through the service so counts and the
    threshold are kept the way the app keeps them."""
    made = []
    for title, author_index, days_ago, supports, body in items:
        query = select(Proposal).where(
            Proposal.consultation_id == consultation.id, Proposal.title == title
        )
        proposal = db.session.scalar(query)
        if proposal is None:
            author = residents[author_index]
            proposal = proposals.create(author, consultation, title, body)
            proposal.created_at = proposal.updated_at = utcnow() - timedelta(days=days_ago)
            supporters = [r for r in residents if r.id != author.id][:supports]
            for supporter in supporters:
                proposals.support(supporter, proposal)
            if proposal.threshold_reached_at is not None:
                # Reached a few days ago, so the page shows a due date with days left.
                reached = utcnow() - timedelta(days=min(days_ago, 4))
                proposal.threshold_reached_at = reached
                proposal.response_due_at = reached + consultation.response_window
        made.append(proposal)
    return made
