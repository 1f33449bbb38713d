"""Moderators' decisions on cases: cite a rule, close the case, tell the author, audit it."""

from __future__ import annotations

import pytest

from engage.audit.models import AuditEntry
from engage.consultations.permissions import participation_refusal
from engage.extensions import db
from engage.moderation.decision_models import ModerationAction
from engage.moderation.decisions import service as actions
from tests.factories import login, post_form
from tests.moderation.decisions import reported_comment


def signed_in(client, user):
    """A new client signed in as ``user`` (each client keeps its own session)."""
    fresh = client.application.test_client()
    login(fresh, user)
    return fresh


def audit(action: str) -> AuditEntry | None:
    return db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == action))


def test_hiding_under_a_rule_closes_the_case_and_tells_the_author(client, factories):
    moderator = factories.user("moderator", name="Mo Moderator")
    author = factories.user(name="Alex Author")
    comment, case = reported_comment(factories, author=author)
    assert comment.status == "hidden"  # three reports hid it
    login(client, moderator)

    response = post_form(
        client,
        f"/moderation/cases/{case.id}/decide",
        {"action": "hide", "rule": "3", "note": "It gives a home address."},
        form_url=f"/moderation/cases/{case.id}",
    )

    assert response.status_code == 303
    db.session.refresh(case)
    db.session.refresh(comment)
    assert case.state == "closed" and comment.status == "hidden"
    assert case.public_reason == (
        "Hidden by a moderator under rule 3 — Personal information: It gives a home address."
    )
    auto, action = db.session.scalars(db.select(ModerationAction).order_by(ModerationAction.id))
    assert (auto.action, auto.moderator_id, auto.report_count) == ("auto_hide", None, 3)
    assert (action.action, action.rule_number, action.moderator_id) == ("hide", 3, moderator.id)
    assert action.author_id == author.id and len(action.public_ref) == 8
    assert action.response_seconds is not None
    entry = audit("moderation.hide")
    assert entry.actor_id == moderator.id and entry.target_id == comment.id
    assert entry.reason == "It gives a home address."

    author_client = signed_in(client, author)
    page = author_client.get("/moderation/about-you").get_data(as_text=True)
    assert "Hidden by a moderator under" in page and "rule 3 — Personal information" in page
    assert "It gives a home address." in page
    assert f"/moderation/decisions/{action.id}/appeal" in page


def test_hiding_needs_a_rule_and_a_note_and_keeps_what_was_typed(client, factories):
    _comment, case = reported_comment(factories)
    login(client, factories.user("moderator"))
    url = f"/moderation/cases/{case.id}"
    no_rule = post_form(
        client,
        url + "/decide",
        {"action": "hide", "rule": "None", "note": "Address."},
        form_url=url,
    )
    assert no_rule.status_code == 422
    assert "Choose the rule this decision is based on." in no_rule.get_data(as_text=True)
    no_note = post_form(
        client, url + "/decide", {"action": "hide", "rule": "3", "note": ""}, form_url=url
    )
    assert no_note.status_code == 422
    assert "Explain the decision: the author will read it." in no_note.get_data(as_text=True)
    assert db.session.get(type(case), case.id).state == "open"


def test_htmx_decision_returns_the_decision_panel(client, factories):
    _comment, case = reported_comment(factories)
    login(client, factories.user("moderator"))
    url = f"/moderation/cases/{case.id}"
    response = post_form(
        client,
        url + "/decide",
        {"action": "dismiss", "rule": "None", "note": ""},
        form_url=url,
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="decision"')
    assert "Reports dismissed by a moderator" in page


def test_dismissing_shows_an_auto_hidden_comment_again(factories):
    comment, case = reported_comment(factories)
    actions.act(factories.user("moderator"), case, "dismiss")
    assert comment.status == "published" and case.state == "closed"
    assert case.public_reason == ""


def test_moderators_never_decide_about_their_own_content(client, factories):
    moderator = factories.user("moderator")
    _comment, case = reported_comment(factories, author=moderator)
    with pytest.raises(actions.ModerationError):
        actions.act(moderator, case, "dismiss")
    with pytest.raises(actions.ModerationError):
        actions.claim(moderator, case)
    login(client, moderator)
    url = f"/moderation/cases/{case.id}"
    assert "another moderator decides" in client.get(url).get_data(as_text=True)
    response = post_form(client, url + "/decide", {"action": "dismiss"}, form_url=url)
    assert response.status_code == 403
    assert db.session.get(type(case), case.id).state == "open"


def test_a_claimed_case_is_left_to_the_moderator_who_claimed_it(client, factories):
    first, second = factories.user("moderator", name="First Mod"), factories.user("moderator")
    _comment, case = reported_comment(factories)
    login(client, first)
    url = f"/moderation/cases/{case.id}"
    assert post_form(client, url + "/claim", {}, form_url=url).status_code == 303
    assert case.claimed_by_id == first.id

    client = signed_in(client, second)
    assert "First Mod is working on this case." in client.get(url).get_data(as_text=True)
    queue = client.get("/moderation/queue").get_data(as_text=True)
    assert "First Mod is working on this." in queue
    response = post_form(client, url + "/decide", {"action": "dismiss"}, form_url="/")
    assert response.status_code == 409
    with pytest.raises(actions.ModerationError):
        actions.act(second, case, "dismiss")
    actions.release(first, case)
    actions.act(second, case, "dismiss")


def test_claiming_with_htmx_swaps_the_control(client, factories):
    _comment, case = reported_comment(factories)
    login(client, factories.user("moderator"))
    response = post_form(
        client,
        f"/moderation/cases/{case.id}/claim",
        {},
        form_url="/moderation/queue",
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith(f'<span id="claim-{case.id}"')
    assert "You are working on this case." in page and "Let go" in page


def test_suspending_stops_the_author_taking_part_until_it_ends(client, factories):
    author = factories.user(name="Sam Spammer")
    comment, case = reported_comment(factories, author=author, reason="spam")
    with pytest.raises(actions.ModerationError) as refused:
        actions.act(factories.user("moderator"), case, "suspend", rule_number=2, note="Spam.")
    assert refused.value.field == "days"
    actions.act(
        factories.user("moderator"),
        case,
        "suspend",
        rule_number=2,
        note="Posted the same advert ten times.",
        days=7,
    )
    db.session.commit()
    assert author.is_suspended
    assert "suspended your account" in participation_refusal(author, comment_consultation(comment))
    assert audit("moderation.suspend").after["days"] == 7
    login(client, author)
    response = post_form(
        client,
        "/comments",
        {"target_type": "consultation", "target_id": comment.consultation_id, "body": "Buy now!"},
        form_url="/",
    )
    assert response.status_code == 403


def comment_consultation(comment):
    from engage.consultations.models import Consultation

    return db.session.get(Consultation, comment.consultation_id)


def test_bulk_decision_skips_what_the_moderator_may_not_decide(client, factories):
    moderator = factories.user("moderator")
    _c1, first = reported_comment(factories, reporters=1, reason="spam")
    _c2, second = reported_comment(factories, reporters=1, reason="spam")
    _c3, own = reported_comment(factories, author=moderator, reporters=1, reason="spam")
    login(client, moderator)
    response = post_form(
        client,
        "/moderation/queue/bulk",
        {
            "cases": [first.id, second.id, own.id],
            "action": "hide",
            "rule": "2",
            "note": "Advertising.",
        },
        form_url="/moderation/queue",
    )
    assert response.status_code == 303
    states = [db.session.get(type(c), c.id).state for c in (first, second, own)]
    assert states == ["closed", "closed", "open"]
    page = client.get("/moderation/queue").get_data(as_text=True)
    assert "2 cases decided." in page
    assert f"Case {own.id} skipped: You can&#39;t moderate your own contributions." in page


def test_bulk_decision_without_ticks_or_rule_says_why(client, factories):
    reported_comment(factories, reporters=1)
    login(client, factories.user("moderator"))
    response = post_form(
        client,
        "/moderation/queue/bulk",
        {"action": "hide", "rule": "None"},
        form_url="/moderation/queue",
    )
    assert response.status_code == 422
    assert "Tick at least one case." in response.get_data(as_text=True)


RESIDENT_REFUSED = ["/moderation/queue", "/moderation/appeals"]


def test_residents_and_officials_get_403_on_moderator_pages(client, factories):
    _comment, case = reported_comment(factories, reporters=1)
    for role in ((), ("official",)):
        client = signed_in(client, factories.user(*role))
        for url in RESIDENT_REFUSED + [f"/moderation/cases/{case.id}"]:
            assert client.get(url).status_code == 403, url
        for url in (
            f"/moderation/cases/{case.id}/decide",
            f"/moderation/cases/{case.id}/claim",
            "/moderation/queue/bulk",
        ):
            assert post_form(client, url, {"action": "dismiss"}, form_url="/").status_code == 403
        assert "Moderation</a>" not in client.get("/").get_data(as_text=True)


def test_a_moderator_restores_a_hidden_comment_without_an_appeal(client, factories):
    from tests.moderation.decisions import hidden_by

    decision = hidden_by(factories, factories.user("moderator"))
    login(client, factories.user("moderator", name="Other Mod"))
    case_url = f"/moderation/cases/{decision.case_id}"
    assert "Why restore it?" in client.get(case_url).get_data(as_text=True)
    url = f"/moderation/decisions/{decision.id}/restore"
    refused = post_form(client, url, {"note": ""}, form_url=case_url)
    assert refused.status_code == 303
    assert audit("moderation.restore") is None
    done = post_form(client, url, {"note": "Public office address."}, form_url=case_url)
    assert done.status_code == 303
    from engage.comments.models import Comment

    comment = db.session.get(Comment, decision.target_id)
    assert comment.status == "published"
    assert audit("moderation.restore").reason == "Public office address."
    assert "Why restore it?" not in client.get(case_url).get_data(as_text=True)


def test_approving_a_held_comment_publishes_it(factories):
    from engage.moderation import intake

    consultation = factories.consultation(review_before_publishing=True)
    comment = factories.comment(consultation, body="First time here.")
    case = intake.screen_new_content(comment, comment.author)
    assert comment.status == "pending"
    actions.act(factories.user("moderator"), case, "approve")
    assert comment.status == "published" and case.state == "closed"


def test_asking_for_an_edit_hides_it_and_says_so(factories):
    comment, case = reported_comment(factories, reporters=1, reason="off_topic")
    actions.act(
        factories.user("moderator"),
        case,
        "request_edit",
        rule_number=4,
        note="Please keep to the cameras.",
    )
    assert comment.status == "hidden"
    assert case.public_reason.startswith("Hidden until edited: a moderator asked the author")
    assert "rule 4 — Stay on topic" in case.public_reason


def test_the_placeholder_reason_is_shown_in_the_readers_language(factories):
    from flask_babel import force_locale

    from engage.moderation.decisions.service import translated_reason

    _comment, case = reported_comment(factories)
    actions.act(factories.user("moderator"), case, "hide", rule_number=3, note="Una dirección.")
    with force_locale("es"):
        shown = translated_reason(case.public_reason)
    assert shown == (
        "Ocultado por una persona moderadora según la norma 3 — Personal information: "
        "Una dirección."
    )
    assert translated_reason("Something else") == "Something else"
