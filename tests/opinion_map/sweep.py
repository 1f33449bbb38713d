"""Opinion map pages for the accessibility sweep and the Nu check (tests/e2e/pages.py):
voting (a statement to vote on, one already voted, none left), what I voted, adding a
statement, the officials' set-up, and the results."""

from __future__ import annotations

from engage.extensions import db

STATEMENTS = [
    "Police should need a warrant for every face search",
    "Live facial recognition should be banned in the city centre",
    "Footage of people never charged should be deleted within 30 days",
]


def opinion_map_content(factories, world) -> None:
    from engage.opinion_map import service

    c, official, resident = world.c, world.users["official"], world.users["resident"]
    consultation = factories.consultation("open", title="Face search rules", official=official)
    c["opinion map"] = consultation
    the_map = service.set_up(consultation, official, enabled=True, premoderation=True)
    first = service.seed(the_map, official, STATEMENTS).added[0]
    service.vote(the_map, resident, first, 1)
    service.submit(the_map, resident, "Cameras on buses should not run face searches")
    _planted_votes(factories, the_map, resident)
    world.opinion_statement = first
    db.session.commit()


def opinion_map_pages(SweepPage, roles):  # noqa: N803 - the class is passed in
    everyone, managers = roles["EVERYONE"], roles["MANAGERS"]
    participants = roles["PARTICIPANTS"]

    def slug(w):
        return {"slug": w.c["opinion map"].slug}

    return [
        SweepPage("opinion map: vote", "opinion_map.vote_page", everyone, slug),
        SweepPage(
            "opinion map: a statement voted on",
            "opinion_map.vote_page",
            frozenset({"resident"}),
            lambda w: {**slug(w), "statement": w.opinion_statement.id},
        ),
        SweepPage("opinion map: what I voted", "opinion_map.my_votes", participants, slug),
        SweepPage("opinion map: add a statement", "opinion_map.new_statement", participants, slug),
        SweepPage("opinion map: set up", "opinion_map.set_up", managers, slug),
        SweepPage("opinion map: results", "opinion_map.view_results", everyone, slug),
    ]


def _planted_votes(factories, the_map, resident) -> None:
    """Twelve voters in two camps on the three statements, and the analysis, so the
    results page shows groups, the map and the reader's place."""
    from engage.opinion_map import recompute, service
    from engage.opinion_map.models import OpinionStatement

    statements = db.session.scalars(
        db.select(OpinionStatement)
        .where(
            OpinionStatement.consultation_id == the_map.consultation_id,
            OpinionStatement.visibility == "visible",
        )
        .order_by(OpinionStatement.id)
    ).all()
    voters = [factories.user(name=f"Voter {n}") for n in range(12)] + [resident]
    for n, voter in enumerate(voters):
        for index, statement in enumerate(statements):
            if voter is resident and index == 0:
                continue  # voted above
            value = 1 if index == 2 else (1 if (n + index) % 2 else -1)
            service.vote(the_map, voter, statement, value)
    recompute.recompute(the_map.consultation_id)
