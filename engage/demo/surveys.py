"""Demo survey: the facial recognition consultation asks six questions (a single choice,
a multiple choice with at most two, a ranking, a scale, a number and a text shown only to
those who chose the shortest retention), answered by about 200 people online, on paper
and by phone. Written through the service, so tallies and audit entries are what the
app makes. Idempotent: a consultation that already has a survey is left alone."""

from __future__ import annotations

import random

from engage.channels import Channel
from engage.extensions import db
from engage.surveys import queries, service
from engage.surveys.answers import check

ANSWERS = 200


def seed_survey(consultation, official, residents) -> None:
    if queries.questionnaires_of(consultation):
        return
    q = service.create_questionnaire(official, consultation, "Your views on face searches")
    first = q.sections[0]
    retention = service.add_question(
        official,
        first,
        "single",
        "How long should photos of people not suspected be kept?",
        options=["Not at all", "7 days", "30 days", "90 days"],
        required=True,
    )
    places = service.add_question(
        official,
        first,
        "multiple",
        "Where, if anywhere, should live face searches be allowed?",
        options=["Airports", "Stadiums", "Train stations", "Protests", "Nowhere"],
        max_choices=2,
        help_text="Choose at most two.",
    )
    safeguards = service.add_question(
        official,
        first,
        "ranking",
        "Rank these safeguards, most important first",
        options=["A judge's warrant", "Independent audits", "Deleting photos quickly"],
    )
    second = service.add_section(official, q, "About you")
    comfort = service.add_question(
        official,
        second,
        "scale",
        "How comfortable are you with police face searches?",
        min_value=1,
        max_value=5,
        min_label="Not at all",
        max_label="Very",
        required=True,
    )
    age = service.add_question(
        official, second, "number", "How old are you?", min_value=16, max_value=110
    )
    why = service.add_question(
        official,
        second,
        "long_text",
        "Why should photos not be kept at all?",
        condition_option=retention.options[0],
    )
    service.publish_questionnaire(official, q, results_live=True)
    questions = [retention, places, safeguards, comfort, age, why]
    rng = random.Random(17)
    people = list(residents)
    for n in range(ANSWERS):
        form = {
            f"q-{retention.id}": str(rng.choice(retention.options).id),
            f"q-{places.id}": [str(o.id) for o in rng.sample(places.options, rng.randint(0, 2))],
            f"q-{comfort.id}": str(rng.choices([1, 2, 3, 4, 5], [4, 3, 2, 2, 1])[0]),
            f"q-{age.id}": str(rng.randint(18, 85)),
            f"q-{why.id}": "Being in a crowd is not a crime.",
        }
        order = rng.sample(safeguards.options, 3)
        for position, option in enumerate(order, start=1):
            form[f"q-{safeguards.id}-rank-{option.id}"] = str(position)
        checked = check(questions, form)
        if n < len(people):  # the demo residents answer online
            service.save_page(people[n], q, 2, questions, checked)
            service.submit(people[n], q)
        else:
            channel = Channel.PAPER if n % 3 else Channel.PHONE
            service.record_paper(official, q, channel, None, questions, checked)
    # A few text answers published, as a moderator would.
    for answer in queries.held_texts(q)[:5]:
        service.moderate_text(official, answer, True)
    db.session.commit()
