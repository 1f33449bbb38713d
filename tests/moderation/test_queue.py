"""The queue: open cases with their reports; filter by reason, consultation, age; sort."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.database import utcnow
from engage.extensions import db
from engage.moderation import intake
from tests.factories import login


def case_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="case-(\d+)"', page)]


def _reported(f, consultation, reporters: int, reason: str, days_old: int = 0):
    comment = f.comment(consultation, body=f"Reported for {reason}.")
    for _ in range(reporters):
        intake.report(f.user(), comment, reason)
    case = intake.open_case_for("comment", comment.id)
    case.opened_at = utcnow() - timedelta(days=days_old)
    db.session.commit()
    return case


def test_filters_and_sorting(client, factories):
    here, there = factories.consultation(title="Cameras"), factories.consultation(title="Sensors")
    old_spam = _reported(factories, here, 1, "spam", days_old=10)
    harassment = _reported(factories, here, 2, "harassment", days_old=2)
    elsewhere = _reported(factories, there, 3, "off_topic")
    login(client, factories.user("moderator"))

    def shown(query: str = "") -> list[int]:
        return case_ids(client.get("/moderation/queue" + query).get_data(as_text=True))

    assert shown("?sort=age") == [old_spam.id, harassment.id, elsewhere.id]  # oldest first
    # Most urgent first by default (issue 22): three reports hid "elsewhere".
    assert shown() == [elsewhere.id, old_spam.id, harassment.id]
    assert shown("?sort=reports") == [elsewhere.id, harassment.id, old_spam.id]
    assert shown("?reason=spam") == [old_spam.id]
    assert shown(f"?consultation={here.id}") == [old_spam.id, harassment.id]
    assert shown("?age=7") == [old_spam.id]
    assert shown("?age=1&sort=reports") == [harassment.id, old_spam.id]
    assert shown("?reason=nonsense&age=3") == shown()  # unknown values are ignored


def test_queue_shows_reasons_and_hides_decided_cases(client, factories):
    from engage.moderation.decisions import service as actions

    consultation = factories.consultation()
    waiting = _reported(factories, consultation, 2, "personal_information")
    decided = _reported(factories, consultation, 1, "spam")
    actions.act(factories.user("moderator"), decided, "dismiss")
    db.session.commit()
    login(client, factories.user("moderator"))
    page = client.get("/moderation/queue").get_data(as_text=True)
    assert case_ids(page) == [waiting.id]
    assert "2 reports: Personal information about someone (2)" in re.sub(r"\s+", " ", page)


def test_filtering_with_htmx_returns_the_rows_only(client, factories):
    _reported(factories, factories.consultation(), 1, "spam")
    login(client, factories.user("moderator"))
    response = client.get("/moderation/queue?reason=spam", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="queue-rows"')
    assert len(case_ids(page)) == 1 and "<h1>" not in page


def test_queue_is_paged_by_keyset(client, factories):
    from engage.moderation.queue import queries as queue

    consultation = factories.consultation()
    cases = [_reported(factories, consultation, 1 + n % 2, "spam") for n in range(4)]
    login(client, factories.user("moderator"))
    original = queue.PAGE_SIZE
    queue.PAGE_SIZE = 3
    try:
        first = client.get("/moderation/queue?sort=reports").get_data(as_text=True)
        more = re.search(r'<a href="([^"]+)">Older</a>', first).group(1).replace("&amp;", "&")
        second = client.get(more).get_data(as_text=True)
    finally:
        queue.PAGE_SIZE = original
    ordered = [c.id for c in sorted(cases, key=lambda c: (-c.report_count, c.id))]
    assert case_ids(first) + case_ids(second) == ordered


def test_moderation_link_is_shown_to_moderators_and_admins_only(client, factories):
    for roles, shown in (
        ((), False),
        (("official",), False),
        (("moderator",), True),
        (("admin",), True),
    ):
        other = client.application.test_client()
        login(other, factories.user(*roles))
        page = other.get("/").get_data(as_text=True)
        assert ('href="/moderation/queue"' in page) == shown, roles


def test_public_log_and_guidelines_in_spanish(client, factories):
    headers = {"Accept-Language": "es"}
    assert "Registro público de moderación" in client.get(
        "/moderation/log", headers=headers
    ).get_data(as_text=True)
    assert "Normas de la comunidad" in client.get("/guidelines", headers=headers).get_data(
        as_text=True
    )


def test_queue_counts_each_reason_in_the_order_first_given(client, factories):
    comment = factories.comment(factories.consultation(), body="Mixed reports.")
    for reason in ("spam", "harassment", "spam"):
        intake.report(factories.user(), comment, reason)
    db.session.commit()
    login(client, factories.user("moderator"))
    page = re.sub(r"\s+", " ", client.get("/moderation/queue").get_data(as_text=True))
    assert "3 reports: Spam or advertising (2), Harassment or hate (1)" in page
