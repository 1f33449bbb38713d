"""An item hidden automatically after reports: its author is told, on the site and by
email (as their settings say), what happened and how to appeal; and the appeal works."""

from __future__ import annotations

from engage.extensions import db
from engage.moderation import intake
from engage.moderation.appeals import service as appeals
from engage.moderation.decision_models import ModerationAction
from engage.notifications import service
from engage.notifications.models import Notice
from tests.factories import login
from tests.moderation.decisions import reported_comment


def _notices(user) -> list[Notice]:
    db.session.expire_all()
    return list(
        db.session.scalars(db.select(Notice).where(Notice.user_id == user.id).order_by(Notice.id))
    )


def test_the_author_is_told_of_an_automatic_hide_with_a_way_to_appeal(app, client, factories, smtp):
    author = factories.user(email="alex@example.org")
    comment, case = reported_comment(factories, author=author, reporters=3)
    assert comment.status == "hidden"

    [notice] = _notices(author)
    assert notice.kind == "moderation_action"
    hide = db.session.scalars(
        db.select(ModerationAction).where(ModerationAction.case_id == case.id)
    ).one()
    assert (hide.action, hide.moderator_id, hide.report_count) == ("auto_hide", None, 3)
    appeal_path = f"/moderation/decisions/{hide.id}/appeal"
    assert notice.data["url"] == appeal_path

    login(client, author)
    page = client.get("/notifications").get_data(as_text=True)
    assert "After 3 reports, your comment in" in page
    assert "was hidden automatically; it is held until a moderator reviews it." in page
    assert "you can appeal now" in page and f'href="{appeal_path}"' in page

    [message] = [m for m in smtp.messages if m["To"] == "alex@example.org"]
    assert message["Subject"].startswith("After 3 reports, your comment in")
    plain = message.get_body(("plain",)).get_content()
    assert "you can appeal now" in plain and f"http://localhost{appeal_path}" in plain

    # The link works: the author appeals, and the decisions page lists the hide.
    assert client.get(appeal_path).status_code == 200
    about = client.get("/moderation/about-you").get_data(as_text=True)
    assert "Hidden automatically after 3 reports" in about


def test_no_email_when_the_author_turned_moderation_emails_off(app, factories, smtp):
    author = factories.user(email="quiet@example.org")
    service.set_frequency(author, "moderation", "never")
    db.session.commit()
    reported_comment(factories, author=author, reporters=3)
    assert [n.kind for n in _notices(author)] == ["moderation_action"]
    assert [m for m in smtp.messages if m["To"] == "quiet@example.org"] == []


def test_fewer_reports_than_the_threshold_tell_nobody(app, factories):
    author = factories.user()
    reported_comment(factories, author=author, reporters=2)
    assert _notices(author) == []


def test_an_overturned_appeal_against_an_automatic_hide_restores_and_closes_the_case(
    app, factories
):
    author = factories.user()
    comment, case = reported_comment(factories, author=author, reporters=3)
    hide = db.session.scalars(
        db.select(ModerationAction).where(ModerationAction.case_id == case.id)
    ).one()
    appeal = appeals.file_appeal(author, hide, "Only a public office's number.")
    appeals.decide(factories.user("moderator"), appeal, "overturned", "It is public.")
    db.session.commit()
    db.session.expire_all()
    assert comment.status == "published"
    assert intake.open_case_for("comment", comment.id) is None
