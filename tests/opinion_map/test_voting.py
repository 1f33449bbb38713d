"""Voting one statement at a time: without JavaScript a post answered by the next
statement, with htmx the next statement swapped in, focused and announced; changing a
vote; what I voted; hidden statements refused; counts kept; queries flat."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import insert, select, update

from engage.extensions import db
from engage.moderation import content
from engage.opinion_map.models import OpinionStatement, OpinionVote
from tests.factories import login
from tests.opinion_map.helpers import fresh, opinion_map, vote
from tests.queries import count_queries

SEEDS = [f"Statement number {n}" for n in range(1, 6)]


def _ids(consultation) -> list[int]:
    return list(
        db.session.scalars(
            select(OpinionStatement.id)
            .where(OpinionStatement.consultation_id == consultation.id)
            .order_by(OpinionStatement.id)
        )
    )


def _shown(html: str) -> int:
    return int(re.search(r'name="statement_id" value="(\d+)"', html).group(1))


def test_without_javascript_a_vote_redirects_to_the_next_statement(client, factories):
    consultation, the_map = opinion_map(factories, statements=SEEDS)
    resident = factories.user()
    login(client, resident)
    url = f"/consultations/{consultation.slug}/opinion-map"
    first = _shown(client.get(url).get_data(as_text=True))
    assert first == _shown(client.get(url).get_data(as_text=True))  # a reload shows the same
    response = vote(client, consultation, first, "agree")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url)
    page = unescape(client.get(url).get_data(as_text=True))
    text = db.session.get(OpinionStatement, first).text
    assert f"Vote recorded: you agree with “{text}”." in page
    assert "You have voted on 1 of 5 statements." in page
    assert _shown(page) in set(_ids(consultation)) - {first}
    the_map = fresh(the_map)
    assert (the_map.vote_count, the_map.participant_count) == (1, 1)


def test_with_htmx_the_next_statement_is_swapped_focused_and_announced(client, factories):
    consultation, _map = opinion_map(factories, statements=SEEDS)
    login(client, factories.user())
    ids = _ids(consultation)
    response = vote(client, consultation, ids[0], "disagree", htmx=True)
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="vote-card"')
    assert re.search(r'<h2 id="vote-card-heading"[^>]*data-focus-after-swap', html)
    assert _shown(html) in set(ids) - {ids[0]}
    status = re.search(
        r'<div id="opinion-map-status" data-hx-swap-oob="innerHTML">([^<]*)</div>', html
    )
    assert "you disagree with “Statement number 1”" in status.group(1)
    assert "Next statement." in status.group(1)


def test_pass_is_a_vote_and_every_statement_gets_one_then_done(client, factories):
    consultation, the_map = opinion_map(factories, statements=SEEDS)
    login(client, factories.user())
    for statement_id, value in zip(
        _ids(consultation), ["agree", "disagree", "pass", "pass", "agree"], strict=True
    ):
        assert vote(client, consultation, statement_id, value).status_code == 303
    page = unescape(
        client.get(f"/consultations/{consultation.slug}/opinion-map").get_data(as_text=True)
    )
    assert "No statements left to vote on" in page
    assert "You have voted on 5 of 5 statements." in page
    counts = db.session.execute(
        select(
            OpinionStatement.agree_count,
            OpinionStatement.disagree_count,
            OpinionStatement.pass_count,
        )
        .where(OpinionStatement.consultation_id == consultation.id)
        .order_by(OpinionStatement.id)
    ).all()
    assert [tuple(c) for c in counts] == [(1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 1), (1, 0, 0)]
    assert (fresh(the_map).vote_count, fresh(the_map).participant_count) == (5, 1)


def test_changing_a_vote_moves_the_counts_and_my_votes_show_it(client, factories):
    consultation, the_map = opinion_map(factories, statements=SEEDS)
    resident = factories.user()
    login(client, resident)
    first = _ids(consultation)[0]
    vote(client, consultation, first, "agree")
    response = vote(client, consultation, first, "disagree", back="mine")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/opinion-map/my-votes#statement-{first}")
    statement = db.session.get(OpinionStatement, first)
    db.session.refresh(statement)
    assert (statement.agree_count, statement.disagree_count) == (0, 1)
    assert fresh(the_map).vote_count == 1  # changed, not added
    values = db.session.scalars(
        select(OpinionVote.value).where(OpinionVote.user_id == resident.id)
    ).all()
    assert values == [-1]
    mine = unescape(
        client.get(f"/consultations/{consultation.slug}/opinion-map/my-votes").get_data(
            as_text=True
        )
    )
    assert "Statement number 1" in mine and "You disagree." in mine
    assert 'aria-pressed="true">Disagree' in mine
    # With htmx just the row comes back, announced.
    row = vote(client, consultation, first, "pass", htmx=True, back="mine")
    html = unescape(row.get_data(as_text=True))
    assert html.lstrip().startswith(f'<li id="statement-{first}"')
    assert "You passed." in html and "you passed on “Statement number 1”" in html
    # Asking for a statement shows it, with the vote to change.
    asked = client.get(f"/consultations/{consultation.slug}/opinion-map?statement={first}")
    assert "You passed on this statement." in unescape(asked.get_data(as_text=True))


def test_votes_on_hidden_or_held_statements_are_refused(client, factories):
    consultation, the_map = opinion_map(factories, statements=SEEDS)
    login(client, factories.user())
    first = db.session.get(OpinionStatement, _ids(consultation)[0])
    content.set_visibility(first, "hidden")
    db.session.commit()
    assert fresh(the_map).statement_count == 4
    response = vote(client, consultation, first.id, "agree")
    assert response.status_code == 403
    assert "held or hidden by moderation, so it takes no votes" in unescape(
        response.get_data(as_text=True)
    )
    assert db.session.scalar(select(OpinionVote.id)) is None
    assert (
        client.get(
            f"/consultations/{consultation.slug}/opinion-map?statement={first.id}"
        ).status_code
        == 404
    )
    # A statement of another consultation's map is not found here.
    other, _ = opinion_map(factories, statements=["Elsewhere"])
    assert vote(client, consultation, _ids(other)[0], "agree").status_code == 404


def test_bad_vote_values_and_signed_out_votes(client, factories):
    consultation, _map = opinion_map(factories, statements=SEEDS)
    url = f"/consultations/{consultation.slug}/opinion-map"
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Sign in to vote on statements." in page
    assert 'name="value"' not in page
    # Signed out, the POST goes to sign in first: tests/test_access.py (ROUTE_ACCESS).
    login(client, factories.user())
    assert vote(client, consultation, _ids(consultation)[0], "maybe").status_code == 400
    assert vote(client, consultation, "x", "agree").status_code == 404


def test_closed_consultation_refuses_votes(client, factories):
    consultation, _map = opinion_map(factories, factories.consultation("closed"), statements=SEEDS)
    login(client, factories.user())
    response = vote(client, consultation, _ids(consultation)[0], "agree", htmx=True)
    assert response.status_code == 403
    assert "Voting closed" in unescape(response.get_data(as_text=True))


def test_votes_are_rate_limited(app, client, factories):
    consultation, _map = opinion_map(factories, statements=SEEDS)
    login(client, factories.user())
    app.config["RATELIMIT_OPINION_VOTE"] = "3 per minute"
    try:
        ids = _ids(consultation)
        assert [vote(client, consultation, ids[n]).status_code for n in range(4)] == [
            303,
            303,
            303,
            429,
        ]
    finally:
        app.config["RATELIMIT_OPINION_VOTE"] = "60 per minute;2000 per day"


def _bulk_votes(consultation, statement_ids, voters: int) -> None:
    """``voters`` people, each voting on every statement, inserted in bulk."""
    from engage.accounts.models import User
    from engage.database import utcnow

    now = utcnow()
    user_ids = [
        db.session.execute(
            insert(User).values(
                email=f"bulk{consultation.id}-{n}@example.org",
                display_name=f"Bulk {n}",
                password_hash="x",
                created_at=now,
            )
        ).inserted_primary_key[0]
        for n in range(voters)
    ]
    rows = [
        {
            "consultation_id": consultation.id,
            "statement_id": s,
            "user_id": u,
            "value": (u + s) % 3 - 1,
            "created_at": now,
            "updated_at": now,
        }
        for u in user_ids
        for s in statement_ids
    ]
    db.session.execute(insert(OpinionVote), rows)
    per = len(user_ids) // 3
    db.session.execute(
        update(OpinionStatement)
        .where(OpinionStatement.id.in_(statement_ids))
        .values(agree_count=per, disagree_count=per, pass_count=per)
    )
    db.session.commit()


def test_voting_pages_cost_the_same_queries_with_10_and_600_votes(client, factories):
    counts = {}
    viewer = factories.user()
    login(client, viewer)
    for voters in (2, 120):
        consultation, _map = opinion_map(factories, statements=SEEDS)
        _bulk_votes(consultation, _ids(consultation), voters)
        vote(client, consultation, _ids(consultation)[0], "agree")
        base = f"/consultations/{consultation.slug}/opinion-map"
        for name, url in [
            ("vote", base),
            ("mine", base + "/my-votes"),
            ("results", base + "/results"),
        ]:
            db.session.expire_all()
            client.get(url)  # warm
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts[(name, voters)] = len(statements)
    for name in ("vote", "mine", "results"):
        assert counts[(name, 2)] == counts[(name, 120)], counts
    assert counts[("vote", 120)] <= 10, counts


def test_routing_counts_are_kept_for_seconds_and_forgotten_when_a_statement_is_hidden(
    app, client, factories, monkeypatch
):
    monkeypatch.setitem(app.config, "OPINION_ROUTING_SECONDS", 60)
    consultation, _map = opinion_map(factories, statements=SEEDS[:2])
    login(client, factories.user())
    url = f"/consultations/{consultation.slug}/opinion-map"
    client.get(url)  # reads and keeps the counts
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    routing = [s for s in map(str, statements) if "ORDER BY opinion_statements.id" in s]
    assert not routing, statements  # the visible statements' counts were kept
    first, second = _ids(consultation)
    vote(client, consultation, second, "agree")
    content.set_visibility(db.session.get(OpinionStatement, first), "hidden")
    db.session.commit()
    page = unescape(client.get(url).get_data(as_text=True))
    assert "You have voted on every statement" in page  # not the hidden one, kept


def test_signed_out_voting_and_results_pages_are_kept_for_reader_page_seconds(
    app, client, factories, monkeypatch
):
    from engage import fragments

    monkeypatch.setitem(app.config, "READER_PAGE_SECONDS", 10)
    monkeypatch.setattr(app.extensions["engage_fragments"], "max_bytes", 32 << 20)
    now = [2_000_000.0]
    monkeypatch.setattr(fragments, "_clock", lambda: now[0])
    consultation, _map = opinion_map(factories, statements=SEEDS[:1])
    base = f"/consultations/{consultation.slug}/opinion-map"
    first = {url: client.get(url).get_data(as_text=True) for url in (base, base + "/results")}
    assert "Statement number 1" in first[base]
    assert "csrf" not in first[base].lower()
    other = db.session.get(OpinionStatement, _ids(consultation)[0])
    content.set_visibility(other, "hidden")
    db.session.commit()
    for url in (base, base + "/results"):
        with count_queries() as statements:
            kept = client.get(url).get_data(as_text=True)
        # Up to 10 seconds old for readers not signed in: the hidden statement, its count.
        assert ("Statement number 1" if url == base else "1 statement ·") in kept
        assert len(statements) <= 3, statements  # the consultation and the map only
    with app.test_client() as signed_in:
        login(signed_in, factories.user())
        assert "Statement number 1" not in signed_in.get(base).get_data(as_text=True)
    now[0] += 10
    assert "Statement number 1" not in client.get(base).get_data(as_text=True)
    assert "0 statements ·" in client.get(base + "/results").get_data(as_text=True)
