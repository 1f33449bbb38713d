"""Appeals: one per decision, by the person it was about, decided by another moderator."""

from __future__ import annotations

import pytest

from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.extensions import db
from engage.moderation.appeals import service as appeals
from engage.moderation.decision_models import ModerationAction
from engage.moderation.decisions.service import ModerationError
from tests.factories import login, post_form
from tests.moderation.decisions import appealed, hidden_by
from tests.moderation.test_actions import signed_in


def test_the_author_appeals_once_and_another_moderator_overturns(client, factories):
    first, second = factories.user("moderator"), factories.user("moderator", name="Sec Ond")
    author = factories.user()
    action = hidden_by(factories, first, author=author)
    login(client, author)
    url = f"/moderation/decisions/{action.id}/appeal"
    assert "Hidden by a moderator under" in client.get(url).get_data(as_text=True)

    empty = post_form(client, url, {"statement": "  "})
    assert empty.status_code == 422
    sent = post_form(client, url, {"statement": "It is the town hall's address."})
    assert sent.status_code == 303
    page = client.get("/moderation/about-you").get_data(as_text=True)
    assert "Your appeal is waiting for another moderator." in page
    assert client.get(url).status_code == 303  # one appeal per decision
    appeal = action.appeal
    assert appeal.statement == "It is the town hall's address."

    # The moderator who decided can read it but not decide it.
    own = signed_in(client, first)
    decide_url = f"/moderation/appeals/{appeal.id}"
    assert "Another moderator decides appeals" in own.get(decide_url).get_data(as_text=True)
    refused = post_form(own, decide_url, {"outcome": "overturned", "reason": "Mine."})
    assert refused.status_code == 403

    other = signed_in(client, second)
    assert f"Appeal {appeal.id}" in other.get("/moderation/appeals").get_data(as_text=True)
    done = post_form(other, decide_url, {"outcome": "overturned", "reason": "Public office."})
    assert done.status_code == 303
    db.session.refresh(appeal)
    assert (appeal.status, appeal.decided_by_id) == ("overturned", second.id)
    comment = db.session.get(Comment, action.target_id)
    assert comment.status == "published"
    restore = db.session.get(ModerationAction, appeal.result_action_id)
    assert (restore.action, restore.moderator_id) == ("restore", second.id)
    assert restore.public_ref == action.public_ref
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["moderation.restore", "moderation.appeal_overturned"]
    page = client.get("/moderation/about-you").get_data(as_text=True)
    assert "Appeal decided: the decision was overturned." in page and "Public office." in page


def test_upholding_keeps_the_item_hidden(factories):
    first, second = factories.user("moderator"), factories.user("moderator")
    appeal = appealed(factories, first)
    appeals.decide(second, appeal, "upheld", "It is a private home.")
    assert appeal.status == "upheld"
    assert db.session.get(Comment, appeal.action.target_id).status == "hidden"
    with pytest.raises(ModerationError):
        appeals.decide(second, appeal, "overturned", "Changed my mind.")


def test_only_the_author_appeals(client, factories):
    action = hidden_by(factories, factories.user("moderator"))
    with pytest.raises(ModerationError):
        appeals.file_appeal(factories.user(), action, "Not mine but still.")
    login(client, factories.user())
    assert client.get(f"/moderation/decisions/{action.id}/appeal").status_code == 403


def test_a_moderator_appealing_a_decision_about_them_cannot_decide_it(factories):
    moderator_author = factories.user("moderator")
    appeal = appealed(factories, factories.user("moderator"), author=moderator_author)
    with pytest.raises(ModerationError):
        appeals.decide(moderator_author, appeal, "overturned", "I agree with myself.")


def test_overturning_a_suspension_lifts_it(factories):
    from engage.moderation.decisions import service as actions
    from tests.moderation.decisions import reported_comment

    author = factories.user()
    _comment, case = reported_comment(factories, author=author, reason="spam")
    decision = actions.act(
        factories.user("moderator"), case, "suspend", rule_number=2, note="Adverts.", days=3
    )
    assert author.is_suspended
    appeal = appeals.file_appeal(author, decision, "Those were not adverts.")
    appeals.decide(factories.user("moderator"), appeal, "overturned", "They were not.")
    assert not author.is_suspended


def test_an_author_can_edit_a_hidden_proposal_and_then_appeal(client, factories):
    from engage.moderation import intake
    from engage.moderation.decisions import service as actions

    author = factories.user()
    proposal = factories.proposal(author=author)
    for _ in range(3):
        intake.report(factories.user(), proposal, "off_topic")
    case = intake.open_case_for("proposal", proposal.id)
    decision = actions.act(
        factories.user("moderator"),
        case,
        "request_edit",
        rule_number=4,
        note="Keep to the cameras.",
    )
    db.session.commit()
    login(client, author)
    page = client.get("/moderation/about-you").get_data(as_text=True)
    assert f"/proposals/{proposal.id}/edit" in page
    assert f"/moderation/decisions/{decision.id}/appeal" in page
