"""The opinion map in the outcome report: it counts as input, with its own figures, and
what it found can be cited in "what we heard"."""

from __future__ import annotations

from html import unescape

from engage.extensions import db
from engage.opinion_map import outcome as opinion_outcome
from engage.opinion_map import service
from engage.outcomes import service as outcomes
from engage.outcomes import statistics
from tests.factories import login
from tests.opinion_map.helpers import opinion_map


def test_voters_count_as_people_and_the_map_has_its_own_figures(client, factories):
    official = factories.user("official")
    consultation, the_map = opinion_map(
        factories, factories.consultation("closed", official=official), statements=["A", "B"]
    )
    voters = [factories.user() for _ in range(3)]
    statements = service.seed(the_map, official, ["Cameras need a warrant"]).added
    for voter in voters:
        service.vote(the_map, voter, statements[0], 1)
    db.session.commit()
    stats = statistics.participation(consultation)
    assert stats["people"] == 3
    assert stats["opinion_map"]["votes"] == 3 and stats["opinion_map"]["voters"] == 3
    assert stats["opinion_map"]["statements"] == 3

    outcomes.save_outcome(official, consultation, "Heard", "Decided")
    outcomes.publish_outcome(official, consultation)
    db.session.commit()
    page = unescape(
        client.get(f"/consultations/{consultation.slug}/outcome").get_data(as_text=True)
    )
    assert "3 votes by 3 people on 3 statements" in page
    assert "People who voted on the opinion map are counted too." in page


def test_no_map_no_figures(factories):
    consultation = factories.consultation("closed")
    assert statistics.participation(consultation)["opinion_map"] is None


def test_the_citation_names_consensus_and_groups(app):
    found = {
        "statements": 40,
        "votes": 7000,
        "voters": 300,
        "consensus": ["Publish the error rate"],
        "groups": [
            {
                "label": "A",
                "size": 120,
                "statements": [{"text": "Ban it", "direction": "agree", "percent": 91}],
            },
            {
                "label": "B",
                "size": 80,
                "statements": [{"text": "Ban it", "direction": "disagree", "percent": 88}],
            },
        ],
    }
    with app.test_request_context():
        said = opinion_outcome.citation(found)
    assert said.splitlines() == [
        "The opinion map: 300 people cast 7000 votes on 40 statements.",
        "",
        "Every group of opinion agreed that:",
        "- “Publish the error rate”",
        "",
        "- Group A (120 people): 91% agree with “Ban it”.",
        "- Group B (80 people): 88% disagree with “Ban it”.",
    ]
    with app.test_request_context():
        assert opinion_outcome.citation(None) == ""


def test_the_edit_page_offers_nothing_to_cite_before_a_result(client, factories):
    official = factories.user("official")
    consultation, _map = opinion_map(
        factories, factories.consultation("closed", official=official), statements=["A"]
    )
    login(client, official)
    page = client.get(f"/consultations/{consultation.slug}/outcome/edit?cite=opinion-map")
    assert page.status_code == 200
    assert "What the opinion map found" not in page.get_data(as_text=True)
