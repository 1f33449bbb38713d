"""Demo opinion map on the facial recognition consultation: 40 statements and the votes
of about 300 demo voters in three planted camps, so the results page shows something real.

The camps: "ban it" (no live facial recognition at all), "use it" (a useful tool for
the police) and "only with safeguards". Some statements every camp agrees with (the
planted consensus), some divide them. Each voter sees about 60% of the statements, follows
their camp 85% of the time and passes now and then; a fixed seed makes every run the same.
The voters are inserted in bulk with one password hash: hashing 300 passwords one by one
would make ``flask seed-demo`` take half a minute.
"""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import func, insert, select, update

from engage.accounts.models import User, UserRole
from engage.accounts.passwords import hash_password
from engage.database import utcnow
from engage.demo.accounts import DEMO_PASSWORD
from engage.extensions import db
from engage.opinion_map import recompute, service
from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote

VOTERS = 300
CAMPS = ("ban", "use", "safeguards")
SEED = 16
SEEN_SHARE = 0.6
NOISE = 0.15
PASS_SHARE = 0.08

# (statement, what each camp says: ban, use, safeguards; +1 agree, -1 disagree, 0 pass)
STATEMENTS: list[tuple[str, tuple[int, int, int]]] = [
    # Every camp agrees: the planted consensus.
    ("The police should publish how often facial recognition gets a match wrong.", (1, 1, 1)),
    ("An independent body should audit the system every year.", (1, 1, 1)),
    ("Nobody should be arrested on a facial recognition match alone.", (1, 1, 1)),
    ("People should be told if their photo was searched in a criminal case.", (1, 1, 1)),
    ("The rules should be reviewed in public after two years.", (1, 1, 1)),
    ("Searches should never be used to identify people at peaceful protests.", (1, 1, 1)),
    # Ban camp against the rest.
    ("Facial recognition should be banned in our city.", (1, -1, -1)),
    ("No amount of safeguards makes face searches acceptable.", (1, -1, -1)),
    ("The money would be better spent on community policing.", (1, -1, 0)),
    ("Face searches will be used against minorities more than anyone else.", (1, -1, 0)),
    ("Once the system exists, its use will only grow.", (1, -1, -1)),
    (
        "The city should not buy software from companies that scrape social media photos.",
        (1, -1, 1),
    ),
    # Use camp against the rest.
    ("Facial recognition helps find missing people faster.", (-1, 1, 1)),
    ("Officers should be able to search live camera feeds.", (-1, 1, -1)),
    ("If you have done nothing wrong you have nothing to fear.", (-1, 1, -1)),
    ("Driving licence photos should be searchable by the police.", (-1, 1, -1)),
    ("The technology is accurate enough today.", (-1, 1, -1)),
    ("Face searches should be allowed for any crime, not only serious ones.", (-1, 1, -1)),
    ("Victims deserve every tool that can identify an offender.", (-1, 1, 1)),
    ("Other cities use it without problems, so we should too.", (-1, 1, 0)),
    # Safeguards camp: conditions.
    ("Each search should need a judge's warrant.", (-1, -1, 1)),
    ("Searches should be limited to violent crimes.", (-1, -1, 1)),
    ("Photos of people never charged should be deleted within 30 days.", (1, -1, 1)),
    ("A second officer should confirm every match by eye.", (-1, 1, 1)),
    ("The police should publish a yearly count of searches.", (1, 0, 1)),
    ("Using it for a trial period of one year is a reasonable start.", (-1, 1, 1)),
    (
        "Before any use, the system should be tested for bias by age, gender and skin colour.",
        (-1, -1, 1),
    ),
    ("Residents should be able to see the search log for their own face.", (1, -1, 1)),
    # Dividing all three.
    ("Private cameras in shops should be linked to the police system.", (-1, 1, -1)),
    ("Mugshot databases should include people who were arrested but not convicted.", (-1, 1, -1)),
    ("Facial recognition at the football stadium is acceptable.", (-1, 1, 0)),
    ("The council, not the police, should decide where it is used.", (-1, -1, 1)),
    ("Emergency use without a warrant should be allowed for 24 hours.", (-1, 1, -1)),
    ("I would feel safer in the city centre with facial recognition.", (-1, 1, 0)),
    # Uncertain: many pass.
    ("The vendor's accuracy figures can be trusted.", (0, 0, 0)),
    ("Facial recognition will be cheaper than the current way of comparing photos.", (0, 0, 0)),
    ("Other police forces should be able to search our database.", (-1, 0, 0)),
    ("Children's photos should be treated differently from adults'.", (0, 0, 1)),
    ("The technology will get better and most worries will go away.", (-1, 1, 0)),
    ("Residents should vote on it in a referendum.", (1, -1, 0)),
]
# Statements residents added (the rest the official seeded), by index above.
FROM_RESIDENTS = {10: 0, 18: 3, 27: 7, 39: 11}
HELD = "Cameras on buses should not be connected to any face search."


def seed_opinion_map(consultation, official, residents) -> OpinionMap | None:
    """The map, its statements and the voters' votes; skipped if the map exists."""
    existing = db.session.scalar(
        select(OpinionMap).where(OpinionMap.consultation_id == consultation.id)
    )
    if existing is not None or len(residents) < 12:
        return existing
    # Residents' first statements went up while the map did not pre-moderate; then the
    # official turned it on, so the last one waits in the moderation queue.
    opinion_map = service.set_up(consultation, official, enabled=True, premoderation=False)
    seeded = [text for n, (text, _) in enumerate(STATEMENTS) if n not in FROM_RESIDENTS]
    service.seed(opinion_map, official, seeded)
    for index, who in FROM_RESIDENTS.items():
        service.submit(opinion_map, residents[who], STATEMENTS[index][0])
    service.set_up(consultation, official, enabled=True, premoderation=True)
    service.submit(opinion_map, residents[5], HELD)
    shown = dict(
        db.session.execute(
            select(OpinionStatement.text, OpinionStatement.id).where(
                OpinionStatement.consultation_id == consultation.id,
                OpinionStatement.visibility == "visible",
            )
        ).all()
    )
    planted = [(shown.get(text), views) for text, views in STATEMENTS]
    _votes(opinion_map, [(i, views) for i, views in planted if i is not None], _voters())
    recompute.recompute(consultation.id)  # the votes were inserted in bulk, without signals
    return opinion_map


def _voters() -> list[tuple[int, str]]:
    """About 300 demo voters (user id, camp), in bulk; reused if they exist already."""
    emails = [f"demo-voter-{n}@example.org" for n in range(1, VOTERS + 1)]
    found = dict(
        db.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all()
    )
    missing = [email for email in emails if email not in found]
    if missing:
        now, password = utcnow(), hash_password(DEMO_PASSWORD)
        db.session.execute(
            insert(User),
            [
                {
                    "email": email,
                    "display_name": f"Voter {email.split('-')[2].split('@')[0]}",
                    "password_hash": password,
                    "locale": "en",
                    "email_verified_at": now,
                    "created_at": now,
                }
                for email in missing
            ],
        )
        found = dict(
            db.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all()
        )
        db.session.execute(
            insert(UserRole),
            [{"user_id": found[email], "role": "resident", "granted_at": now} for email in missing],
        )
    return [(found[email], CAMPS[n % len(CAMPS)]) for n, email in enumerate(emails)]


def _votes(opinion_map: OpinionMap, statements: list[tuple[int, tuple[int, ...]]], voters) -> None:
    """Each voter's votes, drawn from their camp's view with noise, passes and gaps; then
    the counts the service would have kept, in three statements."""
    rng = random.Random(SEED)
    now = utcnow()
    rows = []
    for user_id, camp in voters:
        column = CAMPS.index(camp)
        for statement_id, views in statements:
            if rng.random() > SEEN_SHARE:
                continue
            view, roll = views[column], rng.random()
            if roll < PASS_SHARE:
                value = 0
            elif view == 0:  # no view of its own: mostly passes
                value = 0 if rng.random() < 0.6 else rng.choice((-1, 1))
            elif roll < PASS_SHARE + NOISE:
                value = -view
            else:
                value = view
            rows.append(
                {
                    "consultation_id": opinion_map.consultation_id,
                    "statement_id": statement_id,
                    "user_id": user_id,
                    "value": value,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    db.session.execute(insert(OpinionVote), rows)
    tally = Counter((row["statement_id"], row["value"]) for row in rows)
    for statement_id, _views in statements:
        db.session.execute(
            update(OpinionStatement)
            .where(OpinionStatement.id == statement_id)
            .values(
                agree_count=tally[(statement_id, 1)],
                disagree_count=tally[(statement_id, -1)],
                pass_count=tally[(statement_id, 0)],
            )
        )
    participants = db.session.scalar(
        select(func.count(func.distinct(OpinionVote.user_id))).where(
            OpinionVote.consultation_id == opinion_map.consultation_id
        )
    )
    db.session.execute(
        update(OpinionMap)
        .where(OpinionMap.id == opinion_map.id)
        .values(vote_count=len(rows), participant_count=participants)
    )
    db.session.expire(opinion_map)
