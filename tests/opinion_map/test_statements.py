"""Statements: seeded by officials, submitted by residents (held for review by default),
at most 140 characters, no duplicates after normalising, rate-limited."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.moderation.models import ModerationCase
from engage.opinion_map.models import OpinionStatement
from engage.opinion_map.service import normalize
from tests.factories import login, post_form
from tests.opinion_map.helpers import fresh, opinion_map, submit

SEEDS = ["Police should need a warrant for face searches", "Ban live facial recognition"]


def _statements(consultation):
    return db.session.scalars(
        select(OpinionStatement)
        .where(OpinionStatement.consultation_id == consultation.id)
        .order_by(OpinionStatement.id)
    ).all()


def test_normalising_ignores_case_spacing_and_punctuation():
    assert normalize("  Ban   LIVE facial-recognition!! ") == "ban live facial recognition"
    assert normalize("Ｂａｎ it") == normalize("ban it")  # full-width letters (NFKC)
    assert normalize("?!…") == ""


def test_official_turns_the_map_on_and_seeds_statements(client, factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    login(client, official)
    url = f"/consultations/{consultation.slug}/opinion-map/set-up"
    assert client.get(f"/consultations/{consultation.slug}/opinion-map").status_code == 404
    response = post_form(
        client,
        url,
        {
            "enabled": "y",
            "premoderation": "y",
            "statements": "\n".join([*SEEDS, "ban live FACIAL recognition."]),
        },
    )
    assert response.status_code == 303
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Statements added: 2." in page
    assert "Left out as already on the map: ban live FACIAL recognition.." in page
    assert [s.text for s in _statements(consultation)] == SEEDS
    assert all(s.seeded and s.visibility == "visible" for s in _statements(consultation))
    vote_page = client.get(f"/consultations/{consultation.slug}/opinion-map")
    assert vote_page.status_code == 200
    # The overview links to it.
    overview = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f"/consultations/{consultation.slug}/opinion-map" in overview


def test_set_up_refuses_a_seed_line_over_140_characters(client, factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    login(client, official)
    url = f"/consultations/{consultation.slug}/opinion-map/set-up"
    response = post_form(client, url, {"enabled": "y", "statements": "Fine\n" + "x" * 141})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert "too long on line(s) 2" in page
    assert "x" * 141 in page  # the text comes back
    assert _statements(consultation) == []


def test_resident_cannot_set_up(client, factories):
    consultation = factories.consultation("open")
    login(client, factories.user())
    assert client.get(f"/consultations/{consultation.slug}/opinion-map/set-up").status_code == 403


def test_resident_statement_is_held_for_review_by_default(client, factories):
    consultation, the_map = opinion_map(factories, statements=SEEDS)
    resident = factories.user()
    login(client, resident)
    response = submit(client, consultation, "Cameras in schools should be banned")
    assert response.status_code == 303
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "will be shown once a moderator has checked it" in page
    held = _statements(consultation)[-1]
    assert (held.text, held.visibility, held.seeded, held.author_id) == (
        "Cameras in schools should be banned",
        "pending",
        False,
        resident.id,
    )
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_id == held.id))
    assert (case.target_type, case.trigger) == ("opinion_statement", "premoderation")
    assert fresh(the_map).statement_count == 2  # held: not counted, not shown
    assert "Cameras in schools" not in client.get(
        f"/consultations/{consultation.slug}/opinion-map"
    ).get_data(as_text=True)


def test_without_premoderation_a_statement_is_shown_at_once(client, factories):
    consultation, the_map = opinion_map(factories, statements=SEEDS, premoderation=False)
    login(client, factories.user())
    assert submit(client, consultation, "Cameras in schools should be banned").status_code == 303
    assert _statements(consultation)[-1].visibility == "visible"
    assert fresh(the_map).statement_count == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your statement before sending it."),
        ("   ", "Write your statement before sending it."),
        ("y" * 141, "Use at most 140 characters."),
        (
            "ban LIVE facial recognition!",
            "This statement is already on the map: “Ban live facial recognition”.",
        ),
        ("?!?", "Write a statement with at least one word."),
    ],
)
def test_bad_statements_are_refused_with_a_clear_message(client, factories, text, message):
    consultation, _map = opinion_map(factories, statements=SEEDS)
    login(client, factories.user())
    response = submit(client, consultation, text)
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert message in page
    assert len(_statements(consultation)) == 2


def test_exactly_140_characters_is_accepted(client, factories):
    consultation, _map = opinion_map(factories)
    login(client, factories.user())
    assert submit(client, consultation, "z" * 140).status_code == 303


def test_a_held_duplicate_is_refused_without_showing_its_text(app, client, factories):
    consultation, _map = opinion_map(factories)
    login(client, factories.user())
    submit(client, consultation, "Keep the footage for a week at most")
    other = app.test_client()
    login(other, factories.user())
    response = submit(other, consultation, "keep the footage for a week, at most")
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert "already sent (it may be waiting for a moderator)" in page


def test_statements_are_rate_limited(app, client, factories):
    consultation, _map = opinion_map(factories)
    login(client, factories.user())
    app.config["RATELIMIT_OPINION_STATEMENT"] = "2 per minute"
    try:
        assert submit(client, consultation, "First point").status_code == 303
        assert submit(client, consultation, "Second point").status_code == 303
        assert submit(client, consultation, "Third point").status_code == 429
    finally:
        app.config["RATELIMIT_OPINION_STATEMENT"] = "5 per 10 minutes;20 per day"


def test_signed_out_and_closed_consultations_say_why(client, factories):
    consultation, _map = opinion_map(factories, statements=SEEDS)
    url = f"/consultations/{consultation.slug}/opinion-map/statements/new"
    assert client.get(url).status_code == 302  # sign in first
    closed, _ = opinion_map(factories, factories.consultation("closed"), statements=SEEDS)
    login(client, factories.user())
    response = client.get(f"/consultations/{closed.slug}/opinion-map/statements/new")
    assert response.status_code == 403
    assert "Voting closed when this consultation closed" in unescape(
        response.get_data(as_text=True)
    )


def test_the_overview_shows_a_map_turned_on_after_it_was_seen_without_one(client, factories):
    """The overview remembers consultations without a map (no query per view); turning
    one on forgets that at once."""
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    overview = f"/consultations/{consultation.slug}"
    assert "/opinion-map" not in client.get(overview).get_data(as_text=True)
    login(client, official)
    post_form(client, f"{overview}/opinion-map/set-up", {"enabled": "y", "statements": "One"})
    page = client.get(overview).get_data(as_text=True)
    assert f"{overview}/opinion-map/results" in page
