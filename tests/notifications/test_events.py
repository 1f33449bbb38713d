"""Events from other features and from the calendar: thresholds, consultations opening,
closing and publishing an outcome (``flask notify-due``, once each), draft versions."""

from __future__ import annotations

from datetime import timedelta

from engage.database import utcnow
from engage.extensions import db
from engage.notifications import due, events, service
from engage.notifications.models import Announcement, Notice


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            db.select(Notice.kind).where(Notice.user_id == user.id).order_by(Notice.id)
        )
    )


def test_followers_hear_when_a_proposal_reaches_its_threshold_once(app, factories):
    from engage.proposals import service as proposals

    consultation = factories.consultation(support_threshold=2)
    author, fan = factories.user(), factories.user()
    proposal = proposals.create(author, consultation, "Count bikes", "Not faces.")
    service.follow(fan, "proposal", proposal.id)
    db.session.commit()
    for _ in range(3):  # crosses at the second support; the third is not news
        proposals.support(factories.user(), proposal)
    db.session.commit()
    assert _kinds(author) == ["proposal_threshold"]
    assert _kinds(fan) == ["proposal_threshold"]


def test_notify_due_announces_opening_closing_and_outcome_once(app, factories):
    now = utcnow()
    upcoming = factories.consultation("upcoming", title="Sensors")
    closing = factories.consultation(title="Cameras")
    old = factories.consultation("closed", title="Old")  # closed weeks ago: not news
    fan = factories.user()
    for c in (upcoming, closing, old):
        service.follow(fan, "consultation", c.id)
    db.session.commit()
    assert due.notify_due(now) == {"opened": 0, "closed": 0, "outcome": 0, "retried": 0}

    upcoming.opens_at = now - timedelta(minutes=1)
    closing.closes_at = now - timedelta(minutes=1)
    db.session.commit()
    counts = due.notify_due(now)
    assert counts["opened"] == 1 and counts["closed"] == 1
    assert due.notify_due(now)["opened"] == 0  # idempotent
    closing.outcome_published_at = now
    db.session.commit()
    assert due.notify_due(now + timedelta(minutes=1))["outcome"] == 1

    assert sorted(_kinds(fan)) == [
        "consultation_closed",
        "consultation_opened",
        "outcome_published",
    ]
    assert db.session.scalar(db.select(db.func.count(Announcement.id))) == 3


def test_announcing_twice_at_once_is_refused_by_the_database(app, factories):
    consultation = factories.consultation()
    assert due.announce(consultation, "opened") is True
    assert due.announce(consultation, "opened") is False


def test_notify_due_command(app, factories):
    result = app.test_cli_runner().invoke(args=["notify-due"])
    assert result.exit_code == 0
    assert "opened: 0, closed: 0, outcome: 0, retried: 0" in result.output


def test_send_digests_command_twice(app, factories, smtp):
    from tests.notifications.conftest import reply

    amina = factories.user(name="Amina K.")
    service.set_frequency(amina, "replies", "digest")
    comment = factories.comment(author=amina)
    reply(app, factories.user(), comment, "For the digest.")
    runner = app.test_cli_runner()
    assert "1 digest(s) sent." in runner.invoke(args=["send-digests"]).output
    assert "0 digest(s) sent." in runner.invoke(args=["send-digests"]).output
    assert len(smtp.messages) == 1


def test_worker_command_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_content_events_reach_the_author_only(app, factories):
    author, moderator = factories.user(), factories.user("moderator")
    with app.test_request_context():
        events.about_your_content(
            "moderation_action",
            author.id,
            target_type="comment",
            target_id=1,
            title="Cameras",
            url="/",
            actor=moderator,
        )
        events.about_your_content(
            "moderation_action", None, target_type="comment", target_id=1, title="Cameras", url="/"
        )
    assert _kinds(author) == ["moderation_action"]
    assert _kinds(moderator) == []


def test_lowering_the_threshold_tells_followers_of_proposals_now_over_it(app, factories):
    from engage.consultations import service as consultations

    official = factories.user("admin")
    consultation = factories.consultation(support_threshold=10)
    author = factories.user()
    proposal = factories.proposal(consultation, author=author)
    service.follow(author, "proposal", proposal.id)
    for _ in range(3):
        factories.support(proposal)
    consultations.save(official, consultation, {"support_threshold": 3})
    db.session.commit()
    assert _kinds(author) == ["proposal_threshold"]
