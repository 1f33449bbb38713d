"""Notices from co-drafting, amendments, moderation and outcomes, made by their services."""

from __future__ import annotations

from engage.extensions import db
from engage.notifications import service
from engage.notifications.models import Notice


def _notices(user) -> list[Notice]:
    db.session.expire_all()
    return list(
        db.session.scalars(db.select(Notice).where(Notice.user_id == user.id).order_by(Notice.id))
    )


def test_a_new_draft_version_reaches_followers_of_the_draft_and_consultation(app, factories):
    from engage.drafts import service as drafts
    from engage.drafts.queries import clause_by_number

    official = factories.user("official")
    draft = factories.draft(official=official)
    by_draft, by_consultation = factories.user(), factories.user()
    service.follow(by_draft, "draft", draft.id)
    service.follow(by_consultation, "consultation", draft.consultation_id)
    db.session.commit()
    clause = clause_by_number(draft, 1)
    drafts.edit_clause(clause, official, "Cameras only with a warrant.")
    drafts.publish_version(draft, official, "Warrants")
    db.session.commit()
    for person in (by_draft, by_consultation):
        [notice] = _notices(person)
        assert notice.kind == "draft_version"
        assert notice.data["url"].endswith("/draft")


def test_an_amendment_decision_reaches_its_author(app, factories):
    from engage.amendments import service as amendments

    author = factories.user()
    amendment = factories.amendment(author=author)
    official = factories.user("admin")
    amendments.reject(official, amendment, "Out of scope.")
    db.session.commit()
    [notice] = _notices(author)
    assert notice.kind == "amendment_decided"
    assert notice.data["url"] == f"/amendments/{amendment.id}"
    assert notice.data["excerpt"] == "Out of scope."


def test_a_moderation_action_and_an_appeal_reach_the_author_without_naming_moderators(
    app, factories
):
    from engage.moderation.appeals import service as appeals
    from tests.moderation.decisions import appealed

    author = factories.user()
    first, second = factories.user("moderator"), factories.user("moderator")
    appeal = appealed(factories, first, author=author)
    appeals.decide(second, appeal, "overturned", "A public office's address is fine.")
    db.session.commit()
    kinds = [n.kind for n in _notices(author)]
    # Hidden after reports, then by a moderator, then the appeal's outcome.
    assert kinds == ["moderation_action", "moderation_action", "appeal_decided"]
    assert "actor" not in _notices(author)[1].data
    # Both link to the decision's page, where the author reads why (and can appeal).
    urls = {n.data["url"] for n in _notices(author) if n.kind != "moderation_action"}
    assert urls == {f"/moderation/decisions/{appeal.action_id}/appeal"}
    assert _notices(author)[1].data["url"] == urls.pop()


def test_an_official_answer_and_a_published_outcome(app, factories):
    from engage.notifications import due
    from engage.outcomes import service as outcomes

    official = factories.user("admin")
    consultation = factories.consultation("closed")
    author, fan = factories.user(), factories.user()
    proposal = factories.proposal(consultation, author=author)
    service.follow(fan, "consultation", consultation.id)
    db.session.commit()
    outcomes.respond(official, proposal, "accepted", "We will do this.")
    db.session.commit()
    [answer] = _notices(author)
    assert answer.kind == "proposal_answered" and answer.data["excerpt"] == "We will do this."

    outcomes.save_outcome(official, consultation, "We heard you.", "We decided this.")
    try:
        outcomes.publish_outcome(official, consultation)
    except outcomes.OutcomeError as error:  # needs every proposal over threshold answered, …
        raise AssertionError(f"outcome not publishable in this set-up: {error}") from error
    db.session.commit()
    assert [n.kind for n in _notices(fan)] == ["outcome_published"]
    assert due.notify_due()["outcome"] == 0  # already announced, not twice


def test_a_reply_held_for_review_notifies_once_approved(app, factories):
    from engage.moderation import intake
    from engage.moderation.decisions import service as actions

    consultation = factories.consultation(review_before_publishing=True)
    amina, jo = factories.user(), factories.user()
    moderator = factories.user("moderator")
    comment = factories.comment(consultation, author=amina)
    if comment.status == "pending":  # held too: publish it first
        actions.act(moderator, intake.open_case_for("comment", comment.id), "approve")
    held = factories.comment(parent=comment, author=jo, body="Held for a moment.")
    assert held.status == "pending"
    assert "comment_reply" not in [n.kind for n in _notices(amina)]

    actions.act(moderator, intake.open_case_for("comment", held.id), "approve")
    db.session.commit()
    [notice] = [n for n in _notices(amina) if n.kind == "comment_reply"]
    assert notice.data["excerpt"] == "Held for a moment."
