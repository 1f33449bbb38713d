"""Demo outcomes: the open demo consultation has some of its proposals answered; the closed
one has every proposal answered and a published outcome with commitments, milestones and
progress updates. Written through the service, so audit entries are what the app makes.
Idempotent: a consultation that already has answers (or an outcome) is left alone."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.outcomes import queries, service
from engage.outcomes.models import OfficialResponse
from engage.proposals.models import Proposal

# The open consultation: answered in part, so residents see both answered and waiting.
OPEN_ANSWERS = {
    "Publish yearly accuracy and bias audits by an independent lab": (
        "accepted",
        "We agree. From next year the audit will be commissioned from an independent "
        "university lab, and published in full with its raw error rates.",
    ),
    "Require a judge's warrant for every face search": (
        "under_consideration",
        "We are discussing this with the courts. A warrant for every search would need a "
        "change in state law; we will give a final answer in the outcome report.",
    ),
}

CLOSED_ANSWERS = {
    "Never use benefits records in the score": (
        "partly_accepted",
        "Benefits records will not be used to raise a score. They may still be used to offer "
        "support, never to decide whether a report is investigated.",
    ),
    "Let families see and challenge their score": (
        "accepted",
        "Families will be told when a score was used, see it on request, and be able to "
        "challenge it before an independent reviewer.",
    ),
}

HEARD = """More than a hundred people took part, on line, on paper and at two community
meetings. Most accepted that caseworkers need help prioritising calls, but:

- many feared the score would punish families for being poor, because families who use
  public services have more records;
- parents asked to know when a score was used about them, and to be able to challenge it;
- caseworkers asked that the score never replace their own judgement."""

DECIDED = """The screening score will be used only as **one input** to a caseworker's
decision, never to close a report on its own.

- Benefits records will not raise a score.
- Families can see and challenge any score used about them.
- An independent audit of the tool's fairness will be published every year."""

COMMITMENTS = [
    {
        "title": "Remove benefits records from the risk score",
        "description": "The model is retrained without benefits data and re-validated.",
        "source": "Never use benefits records in the score",
        "due_in_days": 90,
        "milestones": [
            ("Retrain the model without benefits data", -20, True),
            ("Independent re-validation", 40, False),
        ],
        "updates": [
            (30, "in_progress", 20, "The data team has started retraining the model."),
            (10, "in_progress", 60, "Retraining is done; validation is under way."),
        ],
    },
    {
        "title": "A way for families to see and challenge their score",
        "description": "A letter tells families when a score was used, and how to appeal.",
        "source": "Let families see and challenge their score",
        "due_in_days": 60,
        "milestones": [("Letter and appeal form written with parents", -10, True)],
        "updates": [(12, "completed", 100, "Letters are sent since the first of the month.")],
    },
]


def _by_title(consultation: Consultation) -> dict[str, Proposal]:
    rows = db.session.scalars(select(Proposal).where(Proposal.consultation_id == consultation.id))
    return {p.title: p for p in rows}


def _answered(consultation: Consultation) -> bool:
    query = select(OfficialResponse.id).where(OfficialResponse.consultation_id == consultation.id)
    return db.session.scalar(query.limit(1)) is not None


def _answer(official, proposals: dict, answers: dict, days_after: int) -> None:
    for title, (status, reason) in answers.items():
        proposal = proposals.get(title)
        if proposal is not None:
            response = service.respond(official, proposal, status, reason)
            response.created_at = min(utcnow(), proposal.created_at + timedelta(days=days_after))
            proposal.answered_at = response.created_at


def seed_outcomes(main: Consultation, closed: Consultation, official, writer) -> None:
    """``official`` answers the open consultation; ``writer`` (who manages the closed
    one) answers it and publishes its outcome."""
    if not _answered(main):
        _answer(official, _by_title(main), OPEN_ANSWERS, days_after=3)
    if queries.outcome_for(closed) is not None:
        return
    proposals = _by_title(closed)
    _answer(writer, proposals, CLOSED_ANSWERS, days_after=12)
    outcome = service.save_outcome(writer, closed, HEARD, DECIDED)
    today = utcnow()
    for item in COMMITMENTS:
        source = proposals.get(item["source"])
        commitment = service.add_commitment(
            writer,
            outcome,
            item["title"],
            item["description"],
            date.today() + timedelta(days=item["due_in_days"]),
            [("proposal", source.id)] if source else [],
        )
        for title, due_in, reached in item["milestones"]:
            milestone = service.add_milestone(
                writer, commitment, title, date.today() + timedelta(days=due_in)
            )
            if reached:
                service.complete_milestone(writer, milestone)
        for days_ago, status, percent, body in item["updates"]:
            update = service.add_update(writer, commitment, body, status, percent)
            update.created_at = today - timedelta(days=days_ago)
    service.publish_outcome(writer, closed)
    db.session.flush()
