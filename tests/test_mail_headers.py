"""Security finding 2 (second half): email headers are built so that no stored value can
make sending fail. Rows written before single-line fields refused line breaks may hold a
CR/LF in a proposal title or a public name; replying and answering must still work, keep
what was written, and send one-line subjects."""

from __future__ import annotations

from sqlalchemy import select, text

from engage.comments.models import Comment
from engage.extensions import db
from engage.mail import build_message
from engage.outcomes.models import OfficialResponse
from engage.proposals.models import Proposal
from tests.consultations.helpers import post
from tests.factories import login
from tests.notifications.conftest import reply

BROKEN_TITLE = "Ban live scanning\r\nBcc: everyone@example.org"
BROKEN_NAME = "Jo\r\nReplier"


def _store_raw(table: str, column: str, value: str, row_id: int) -> None:
    """Write past the forms, as an old row (or another program) would have."""
    with db.engine.begin() as conn:
        conn.execute(
            text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), {"v": value, "id": row_id}
        )
    db.session.expire_all()


def _assert_one_line_headers(messages) -> None:
    assert messages, "no email was sent"
    for message in messages:
        for name, value in message.items():
            assert "\r" not in str(value) and "\n" not in str(value), (name, value)
        assert message["Bcc"] is None


def test_replying_on_a_proposal_with_a_crlf_title_works_and_keeps_the_reply(app, factories, outbox):
    amina = factories.user(name="Amina K.", email="amina@example.org")
    proposal = factories.proposal(author=amina)
    comment = factories.comment(proposal, author=amina, body="Who reads the data?")
    replier = factories.user(name="Jo Replier")
    _store_raw("proposals", "title", BROKEN_TITLE, proposal.id)
    _store_raw("users", "display_name", BROKEN_NAME, replier.id)

    response = reply(app, replier, comment, "Only a judge, with a warrant.")

    assert response.status_code == 303
    saved = db.session.scalar(select(Comment).where(Comment.parent_id == comment.id))
    assert saved.body == "Only a judge, with a warrant."
    message = outbox.last_to("amina@example.org")
    assert "Ban live scanning Bcc: everyone@example.org" in message["Subject"]
    assert "Jo Replier" in message["Subject"]
    _assert_one_line_headers(outbox.messages)


def test_answering_a_proposal_with_a_crlf_title_works(client, factories, outbox):
    author = factories.user(email="author@example.org")
    proposal = factories.proposal(factories.consultation("closed"), author=author)
    _store_raw("proposals", "title", BROKEN_TITLE, proposal.id)
    login(client, factories.user("official"))

    data = {"status": "accepted", "reason": "We will do this."}
    response = post(client, f"/proposals/{proposal.id}/answer", data)

    assert response.status_code == 303
    answer = db.session.scalar(select(OfficialResponse))
    assert answer.reason == "We will do this."
    assert db.session.get(Proposal, proposal.id).title == BROKEN_TITLE  # stored as it was
    _assert_one_line_headers(outbox.messages)


def test_coauthor_invitation_from_a_crlf_name_is_sent_on_one_line(client, factories, outbox):
    author = factories.user()
    friend = factories.user(email="friend@example.org")
    proposal = factories.proposal(author=author)
    _store_raw("users", "display_name", BROKEN_NAME, author.id)
    login(client, author)
    response = post(client, f"/proposals/{proposal.id}/coauthors", {"email": friend.email})
    assert response.status_code == 303
    assert "Jo Replier" in outbox.last_to(friend.email)["Subject"]
    _assert_one_line_headers(outbox.messages)


def test_any_header_value_is_made_one_line(app):
    message = build_message(
        "someone@example.org\r\nBcc: x@example.org",
        "A\r\nsubject\x00 with\u2028 breaks\x85",
        "Body\nstays\nas written.",
        headers={"List-Unsubscribe": "<https://x.example/u>\r\nBcc: y@example.org"},
    )
    _assert_one_line_headers([message])
    assert message["Subject"] == "A subject with breaks"
    assert message.get_content() == "Body\nstays\nas written.\n"
