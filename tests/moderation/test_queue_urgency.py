"""Issue 22, defect 17: the moderation queue puts what is urgent first — items hidden
automatically after reports (oldest first), then items held for review, then items
reported but still shown — and counts each at the top."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.database import utcnow
from engage.extensions import db
from engage.moderation import content, intake
from engage.moderation.models import CaseTrigger, Visibility
from tests.factories import login
from tests.moderation.test_queue import case_ids


def _case(factories, consultation, kind: str, days_old: int):
    comment = factories.comment(consultation, body=f"{kind}, {days_old} days old.")
    if kind == "held":
        content.set_visibility(comment, Visibility.PENDING)
        case = intake.open_case(comment, CaseTrigger.PREMODERATION)
    else:
        for _ in range(3 if kind == "hidden" else 1):
            intake.report(factories.user(), comment, "spam")
        case = intake.open_case_for("comment", comment.id)
    case.opened_at = utcnow() - timedelta(days=days_old)
    db.session.commit()
    return case


def _world(factories):
    consultation = factories.consultation()
    made = {}
    for kind, days_old in [
        ("reported", 9),
        ("held", 2),
        ("hidden", 1),
        ("reported", 1),
        ("held", 8),
        ("hidden", 5),
    ]:
        made[f"{kind} {days_old}"] = _case(factories, consultation, kind, days_old)
    return made


# Oldest first within each rank: the cases were made in this order, so by id.
EXPECTED = ["hidden 1", "hidden 5", "held 2", "held 8", "reported 9", "reported 1"]


def test_the_queue_is_sorted_by_urgency_and_counts_each_kind(client, factories):
    made = _world(factories)
    assert db.session.get(type(made["hidden 1"]), made["hidden 1"].id).report_count == 3
    login(client, factories.user("moderator"))
    page = client.get("/moderation/queue").get_data(as_text=True)
    assert case_ids(page) == [made[name].id for name in EXPECTED]
    counts = re.sub(r"\s+", " ", re.search(r'id="queue-counts">(.*?)</ul>', page, re.S).group(1))
    assert "2 hidden after reports" in counts
    assert "2 held for review" in counts
    assert "2 reported, still shown" in counts
    assert "6 cases waiting" in page


def test_later_pages_of_the_queue_keep_the_urgency_order(client, factories, monkeypatch):
    from engage.moderation.queue import queries as queue

    made = _world(factories)
    login(client, factories.user("moderator"))
    monkeypatch.setattr(queue, "PAGE_SIZE", 4)
    first = client.get("/moderation/queue").get_data(as_text=True)
    more = re.search(r'<a href="([^"]+)">Older</a>', first).group(1).replace("&amp;", "&")
    second = client.get(more).get_data(as_text=True)
    assert case_ids(first) + case_ids(second) == [made[name].id for name in EXPECTED]
