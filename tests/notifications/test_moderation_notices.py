"""What a moderation notice tells the author, on the site and by email: what was done,
under which rule (with its words), the reason, and an appeal only where there is one."""

from __future__ import annotations

from engage.extensions import db
from engage.moderation import intake
from engage.moderation.decisions import service as actions
from engage.notifications.models import Notice
from tests.factories import login
from tests.moderation.decisions import reported_comment

RULE_TEXT = "Don't share anyone's private details: home addresses, phone numbers"


def _notices(user) -> list[Notice]:
    """The notices of moderators' decisions (not of hides after reports)."""
    db.session.expire_all()
    notices = db.session.scalars(
        db.select(Notice)
        .where(Notice.user_id == user.id, Notice.kind == "moderation_action")
        .order_by(Notice.id)
    )
    return [n for n in notices if n.data.get("action") != "auto_hide"]


def _email_for(smtp, address: str, containing: str) -> tuple[str, str]:
    for message in smtp.messages:
        if message["To"] == address and containing in message["Subject"]:
            plain = message.get_body(("plain",)).get_content()
            rich = message.get_body(("html",)).get_content()
            return plain, rich
    raise AssertionError(f"no email to {address} about {containing!r}")


def test_a_hide_names_the_action_the_rule_and_its_words_and_how_to_appeal(
    app, client, factories, smtp
):
    author = factories.user(email="alex@example.org")
    moderator = factories.user("moderator")
    comment, case = reported_comment(factories, author=author)
    decision = actions.act(moderator, case, "hide", rule_number=3, note="It gives a home address.")
    db.session.commit()

    title = decision_title(comment)
    sentence = f"A moderator hid your comment in “{title}” under rule 3 — Personal information."
    appeal = f"/moderation/decisions/{decision.id}/appeal"
    login(client, author)
    page = client.get("/notifications").get_data(as_text=True)
    assert sentence.replace("“", "&#8220;").replace("”", "&#8221;") in page or sentence in page
    assert RULE_TEXT in page.replace("&#39;", "'")
    assert "It gives a home address." in page
    assert "you can appeal once" in page and f'href="{appeal}"' in page

    plain, rich = _email_for(smtp, "alex@example.org", "A moderator hid your comment")
    for part in (plain, rich.replace("&#39;", "'")):
        assert "under rule 3 — Personal information" in part
        assert RULE_TEXT in part
        assert "It gives a home address." in part
        assert "you can appeal once" in part
    assert f"http://localhost{appeal}" in plain and f'href="http://localhost{appeal}"' in rich


def test_an_edit_request_says_so(app, factories):
    author = factories.user()
    _comment, case = reported_comment(factories, author=author)
    actions.act(factories.user("moderator"), case, "request_edit", rule_number=3, note="Edit.")
    db.session.commit()
    [notice] = _notices(author)
    from engage.notifications.kinds import message

    assert "asked you to edit it, under rule 3 — Personal information" in message(
        notice.kind, notice.data
    )


def test_an_approval_and_a_restore_say_what_happened_and_invite_no_appeal(
    app, client, factories, smtp
):
    author = factories.user(email="amina@example.org")
    moderator, second = factories.user("moderator"), factories.user("moderator")
    consultation = factories.consultation(review_before_publishing=True)
    held = factories.comment(consultation, author=author, body="Held until approved.")
    assert held.status == "pending"
    approval = actions.act(moderator, intake.open_case_for("comment", held.id), "approve")
    _comment, case = reported_comment(factories, author=author)
    hidden = actions.act(moderator, case, "hide", rule_number=3, note="An address.")
    restore = actions.undo(second, hidden, "It was a public office's address.")
    db.session.commit()

    approved, _hidden, restored = _notices(author)
    assert approved.data["url"] == f"/moderation/about-you#decision-{approval.id}"
    assert restored.data["url"] == f"/moderation/about-you#decision-{restore.id}"
    login(client, author)
    page = client.get("/notifications").get_data(as_text=True)
    assert "A moderator approved your comment in" in page and "it is now public." in page
    assert "A moderator restored your comment in" in page
    assert "the earlier decision was overturned and it is public again." in page

    for subject in ("A moderator approved", "A moderator restored"):
        plain, rich = _email_for(smtp, "amina@example.org", subject)
        for part in (plain, rich):
            assert "can appeal" not in part and "Appeal this decision" not in part
            assert "Personal information" not in part  # a restore cites no rule
            assert "/appeal" not in part


def decision_title(comment) -> str:
    from engage.consultations.models import Consultation

    return db.session.get(Consultation, comment.target_id).title
