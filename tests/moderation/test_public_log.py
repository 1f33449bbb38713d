"""The public moderation log: decisions without names or hidden text, statistics, CSV."""

from __future__ import annotations

import csv
import io

from engage.extensions import db
from engage.moderation.appeals import service as appeals
from engage.moderation.decisions import service as actions
from tests.factories import login
from tests.moderation.decisions import appealed, hidden_by, reported_comment
from tests.queries import count_queries

# Pinned: a change that adds a query per row (or per page) shows up here.
LOG_QUERIES = 9
QUEUE_QUERIES = 8  # 9 before issue 23: the moderator's roles come with their session


def test_log_shows_decisions_and_appeal_outcomes_without_names_or_text(client, factories):
    first = factories.user("moderator", name="Mo Moderator")
    author = factories.user(name="Alex Author")
    appeal = appealed(factories, first, author=author)
    appeals.decide(factories.user("moderator", name="Sec Ond"), appeal, "overturned", "Public.")
    db.session.commit()

    page = client.get("/moderation/log").get_data(as_text=True)

    assert "Hidden" in page and "Restored" in page
    assert "Rule 3: Personal information" in page
    # Every action on the one item: hidden after reports, by a moderator, restored.
    assert page.count(appeal.action.public_ref) == 3
    assert "Appeal decided: decision overturned" in page
    for secret in ("Mo Moderator", "Sec Ond", "Alex Author", "555-0100", "home address"):
        assert secret not in page
    assert "Decisions overturned on appeal" in page and "100%" in page


def test_csv_has_every_decision(client, factories):
    moderator = factories.user("moderator")
    first = hidden_by(factories, moderator)
    _comment, case = reported_comment(factories, reporters=1, reason="spam")
    actions.act(moderator, case, "dismiss")
    db.session.commit()

    response = client.get("/moderation/log.csv")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["action"], r["rule"], r["item_type"], r["reports"]) for r in rows] == [
        ("auto_hide", "", "comment", "3"),
        ("hide", "3", "comment", ""),
        ("dismiss", "", "comment", ""),
    ]
    assert rows[1]["reference"] == rows[0]["reference"] == first.public_ref
    assert rows[1]["rule_title"] == "Personal information"


def test_log_per_consultation(client, factories):
    moderator = factories.user("moderator")
    kept = hidden_by(factories, moderator)
    hidden_by(factories, moderator)  # another consultation
    db.session.commit()
    url = f"/moderation/log?consultation={kept.consultation_id}"
    site_wide = client.get("/moderation/log").get_data(as_text=True)
    assert f'href="{url}"' in site_wide.replace("&amp;", "&")
    page = client.get(url).get_data(as_text=True)
    # The one item's two rows (hidden after reports, then by a moderator), no other item.
    assert page.count("<code>") == 2 and page.count(kept.public_ref) == 2
    rows = client.get(f"/moderation/log.csv?consultation={kept.consultation_id}")
    assert rows.get_data(as_text=True).count("\n") == 3


def test_statistics_count_by_rule_and_median_wait(factories):
    from engage.moderation.public_log.queries import statistics

    moderator = factories.user("moderator")
    for _ in range(3):
        hidden_by(factories, moderator)
    _comment, case = reported_comment(factories, reporters=1)
    actions.act(moderator, case, "dismiss")
    db.session.commit()
    stats = statistics(None)
    assert stats.total == 7  # three hidden after reports, then by a moderator; one dismissed
    assert [(n, count) for n, _title, count in stats.by_rule] == [(3, 3), (None, 1), (None, 3)]
    assert stats.median_seconds is not None and stats.median_seconds >= 0
    assert stats.appeals_decided == 0


def test_log_page_costs_the_same_queries_with_more_decisions(client, factories):
    moderator = factories.user("moderator")
    hidden_by(factories, moderator)
    db.session.commit()
    client.get("/moderation/log")
    with count_queries() as few:
        client.get("/moderation/log")
    for _ in range(6):
        hidden_by(factories, moderator)
    db.session.commit()
    with count_queries() as many:
        client.get("/moderation/log")
    assert len(many) == len(few) == LOG_QUERIES, "\n".join(many)


def test_queue_costs_the_same_queries_with_more_cases(client, factories):
    login(client, factories.user("moderator"))
    reported_comment(factories, reporters=2)
    client.get("/moderation/queue")  # the first visit writes the default guidelines
    with count_queries() as few:
        client.get("/moderation/queue")
    for _ in range(5):
        reported_comment(factories, reporters=2)
    factories.proposal()
    with count_queries() as many:
        page = client.get("/moderation/queue").get_data(as_text=True)
    assert page.count('class="queue-entry') == 6
    assert len(many) == len(few) == QUEUE_QUERIES, "\n".join(many)
