"""The results page: honest before the first analysis; afterwards a plain summary, a
table per group, the consensus list and the map, whose every region, label, size and
the reader's mark are also said by the tables."""

from __future__ import annotations

import random
import re
from html import unescape

from flask import render_template

from engage.database import utcnow
from engage.opinion_map.analysis import analyse
from engage.opinion_map.results import ResultsView, layout
from tests.factories import login
from tests.opinion_map.helpers import opinion_map

TEXTS = [f"Planted statement {n}" for n in range(12)]


def _planted_votes(statement_ids, people=90, seed=7):
    """Three camps; the first two statements everyone agrees with."""
    rng = random.Random(seed)
    votes = []
    for person in range(people):
        camp = person % 3
        for index, statement_id in enumerate(statement_ids):
            if rng.random() < 0.3:
                continue
            view = 1 if index < 2 or (index + camp) % 3 == 0 else -1
            votes.append((f"p{person:03d}", statement_id, view if rng.random() > 0.1 else -view))
    return votes


def test_before_the_first_analysis_the_page_says_not_computed_yet(client, factories):
    consultation, _map = opinion_map(factories)  # turned on, nothing in it yet
    url = f"/consultations/{consultation.slug}/opinion-map/results"
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Not computed yet." in page
    assert "0 statements" in page and "0 votes" in page
    assert "<svg" not in page


def test_with_too_few_votes_for_groups_the_page_says_so(client, factories):
    consultation, _map = opinion_map(factories, statements=TEXTS[:3])  # recomputed: no votes
    url = f"/consultations/{consultation.slug}/opinion-map/results"
    page = " ".join(unescape(client.get(url).get_data(as_text=True)).split())
    assert "Not enough votes yet to find groups of opinion" in page
    assert "once they have voted on 3 statements." in page
    assert "<svg" not in page


def _rendered(factories, client, me="p004"):
    consultation, the_map = opinion_map(factories, statements=TEXTS)
    from sqlalchemy import select

    from engage.extensions import db
    from engage.opinion_map.models import OpinionStatement

    statements = db.session.scalars(select(OpinionStatement).order_by(OpinionStatement.id)).all()
    result = analyse(_planted_votes([s.id for s in statements]), [s.id for s in statements])
    view = ResultsView(result, utcnow(), {s.id: s.text for s in statements}, layout(result, me))
    with client.application.test_request_context():
        html = render_template(
            "opinion_map/results.html", consultation=consultation, opinion_map=the_map, results=view
        )
    return " ".join(unescape(html).split()), result, view


def test_map_and_tables_say_the_same(client, factories):
    html, result, view = _rendered(factories, client)
    assert result.k == 3
    svg = html[html.index("<svg") : html.index("</svg>")]
    table = html[
        html.index("What the map shows") : html.index("</table>", html.index("What the map shows"))
    ]
    for group in result.groups:
        # The drawing: a labelled region linking to the group's table, its size, where it is.
        assert f'href="#group-{group.label}"' in svg
        assert f">Group {group.label}</text>" in svg
        assert f">{group.size} people</text>" in svg
        # The table: the same label, size and place in words.
        row = re.search(rf"Group {group.label}</a></th><td>([\d,]+)</td><td>([^<]+)</td>", table)
        assert row, table
        assert int(row.group(1).replace(",", "")) == group.size
        assert row.group(2) in svg  # the region's <title> says where it is, in the same words
        assert f'id="group-{group.label}"' in html  # the link's target exists
    polygons = re.findall(r'<polygon points="([^"]+)"', svg)
    assert len(polygons) == result.k
    for points in polygons:
        for pair in points.split():
            x, y = map(float, pair.split(","))
            assert 0 <= x <= view.layout.width and 0 <= y <= view.layout.height
    # The reader's mark and the sentence under the table name the same group.
    you = result.position_of("p004")
    assert 'href="#your-place"' in svg
    assert f"You are here, in group {you.group}" in svg
    assert f"You are in group {you.group}" in html


def test_summary_consensus_and_group_tables(client, factories):
    html, result, _view = _rendered(factories, client)
    assert "3 groups of opinion. All groups agree that:" in html
    assert "“Planted statement 0”" in html and "“Planted statement 1”" in html
    assert "Worked out on " in html and " from 720 votes by 90 people." in html
    consensus = html[html.index("What every group agrees on") :]
    assert len(result.consensus) >= 2
    assert consensus.count('<tr><th scope="row"') >= len(result.consensus)
    for group in result.groups:
        assert f"Group {group.label}: {group.size} people" in html
        for rep in group.representative:
            v = rep.group
            said = f"{v.agree_percent}% agree, {v.disagree_percent}% disagree"
            assert f"{said}, {v.pass_percent}% pass ({v.seen} votes)" in html


def test_a_reader_not_on_the_map_is_told_why(client, factories):
    login(client, factories.user())
    html, _result, view = _rendered(factories, client, me="nobody")
    assert view.layout.you is None
    assert 'href="#your-place"' not in html


def test_the_results_page_shows_the_stored_analysis_and_my_place(client, factories):
    from engage.opinion_map import recompute, service
    from engage.opinion_map.participants import participant_key

    consultation, the_map = opinion_map(factories, statements=TEXTS)
    from sqlalchemy import select

    from engage.extensions import db
    from engage.opinion_map.models import OpinionStatement

    statements = db.session.scalars(select(OpinionStatement).order_by(OpinionStatement.id)).all()
    voters = [factories.user() for _ in range(30)]
    for person, voter in enumerate(voters):
        for index, statement in enumerate(statements):
            value = 1 if index < 2 or (index + person % 3) % 3 == 0 else -1
            service.vote(the_map, voter, statement, value)
    recompute.recompute(consultation.id)
    db.session.commit()
    me = voters[4]
    login(client, me)
    url = f"/consultations/{consultation.slug}/opinion-map/results"
    page = " ".join(unescape(client.get(url).get_data(as_text=True)).split())
    result = recompute.latest_result(consultation)
    assert result.k == 3
    group = result.group_of(participant_key(consultation.id, me.id))
    assert f"You are in group {group}" in page
    assert f"You are here, in group {group}" in page
    assert "All groups agree that: “Planted statement 0”" in page or "“Planted statement 0”" in page
    assert page.count("<polygon") == 3


def _stored_long_lists(factories, count=30):
    """A stored analysis whose divisive list is longer than a page shows (each statement
    after the first two is agreed by one camp and refused by the other two)."""
    from engage.extensions import db
    from engage.opinion_map import recompute
    from engage.opinion_map.models import OpinionStatement

    texts = [f"Long list statement {n}" for n in range(count)]
    consultation, _map = opinion_map(factories, statements=texts)
    ids = list(
        db.session.scalars(
            db.select(OpinionStatement.id)
            .where(OpinionStatement.consultation_id == consultation.id)
            .order_by(OpinionStatement.id)
        )
    )
    result = analyse(_planted_votes(ids), ids)
    recompute.store(consultation.id, result)
    db.session.commit()
    return consultation, result


def _divisive_rows(page: str) -> int:
    section = page[page.index('id="divisive-heading"') :]
    section = section[: section.index("</section>")]
    return section.count('<tr><th scope="row"')


def test_long_lists_show_their_first_statements_and_a_way_to_see_them_all(client, factories):
    from engage.opinion_map.results import LIST_LENGTH

    consultation, result = _stored_long_lists(factories)
    total = len(result.divisive)
    assert total > LIST_LENGTH
    url = f"/consultations/{consultation.slug}/opinion-map/results"
    page = unescape(client.get(url).get_data(as_text=True))
    assert _divisive_rows(page) == LIST_LENGTH
    assert f'href="{url}?all=divisive#divisive-heading">Show all {total} statements</a>' in page
    full = unescape(client.get(url + "?all=divisive").get_data(as_text=True))
    assert _divisive_rows(full) == total
    assert f'href="{url}#divisive-heading">Show only the first {LIST_LENGTH} statements' in full
    # Anything else asked for is the usual page.
    other = unescape(client.get(url + "?all=x").get_data(as_text=True))
    assert _divisive_rows(other) == LIST_LENGTH


def test_the_kept_rendering_is_reused_and_a_statement_hidden_since_leaves_at_once(
    client, factories
):
    from engage.extensions import db
    from engage.fragments import cache
    from engage.opinion_map.models import OpinionStatement

    consultation, result = _stored_long_lists(factories)
    url = f"/consultations/{consultation.slug}/opinion-map/results"
    first = db.session.get(OpinionStatement, result.divisive[0].statement_id)
    assert first.text in unescape(client.get(url).get_data(as_text=True))
    hits = cache().hits
    assert first.text in unescape(client.get(url).get_data(as_text=True))
    assert cache().hits >= hits + 3  # the map, its table and the lists: not rendered again
    first.visibility = "hidden"  # (moderation's doing, after the analysis)
    db.session.commit()
    assert first.text not in unescape(client.get(url).get_data(as_text=True))
