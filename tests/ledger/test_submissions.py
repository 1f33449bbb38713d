"""Every kind of submission is in the public record with a receipt the resident is sent to
at once (issue 19): comments, proposals, amendments, opinion map statements and survey
answers; and an account deletion (issue 18) is a recorded event that explains the logged
rows it changed, while a row changed with no recorded event is still named."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from engage.accounts.models import User
from engage.amendments.models import Amendment
from engage.comments.models import Comment
from engage.extensions import db
from engage.ledger import events, service, verify
from engage.ledger.kinds import digest, statement_content, survey_response_content
from engage.ledger.models import LedgerLeaf
from engage.moderation.decisions import service as actions
from engage.opendata.pseudonyms import person_id
from engage.opinion_map import service as opinion
from engage.opinion_map.models import OpinionStatement
from engage.permissions import OFFICIAL
from engage.privacy import deletion
from engage.proposals.models import Proposal
from engage.surveys import answers
from engage.surveys import service as surveys
from engage.surveys.models import SurveyResponse
from tests.amendments.helpers import clause_url, published_draft
from tests.comments.helpers import post_comment
from tests.consultations.helpers import post
from tests.factories import csrf_token_from, login
from tests.moderation.decisions import reported_comment
from tests.opinion_map.helpers import opinion_map, submit
from tests.privacy.helpers import busy_resident
from tests.surveys.helpers import survey


def leaves(kind: str) -> list[LedgerLeaf]:
    query = select(LedgerLeaf).where(LedgerLeaf.kind == kind).order_by(LedgerLeaf.index)
    return list(db.session.scalars(query))


def content(leaf: LedgerLeaf) -> dict:
    return json.loads(leaf.entry)["content"]


def receipt_url(kind: str, item_id: int) -> str:
    return f"/account/contributions/{kind}/{item_id}/receipt"


def check() -> verify.LogCheck:
    db.session.expire_all()
    return verify.check_log(events.RowCheck())


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


# Receipts right after sending --------------------------------------------------------


def _receipt_after(client, response, kind: str, item_id: int) -> None:
    """The page the resident lands on links to the receipt, which shows their entry."""
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="{receipt_url(kind, item_id)}"' in page
    [leaf] = [leaf for leaf in leaves(kind) if leaf.public_id == str(item_id)]
    receipt = client.get(receipt_url(kind, item_id))
    assert receipt.status_code == 200
    assert bytes(leaf.leaf_hash).hex() in receipt.get_data(as_text=True)


def test_a_comment_links_to_its_receipt_with_and_without_javascript(client, factories):
    consultation = factories.consultation()
    login(client, factories.user())

    _receipt_after(
        client,
        post_comment(client, consultation, "Publish the audits."),
        "comment",
        db.session.scalar(select(Comment.id).where(Comment.body == "Publish the audits.")),
    )
    htmx = post_comment(client, consultation, "And the camera list.", htmx=True)
    assert htmx.status_code == 200
    comment_id = db.session.scalar(select(Comment.id).where(Comment.body == "And the camera list."))
    assert f'href="{receipt_url("comment", comment_id)}"' in htmx.get_data(as_text=True)


def test_a_proposal_and_an_amendment_link_to_their_receipts(client, factories):
    consultation = factories.consultation("open")
    author = factories.user()
    login(client, author)
    response = post(
        client,
        f"/consultations/{consultation.slug}/proposals/new",
        {"title": "Ban live scanning", "body": "No live scanning in any public place."},
    )
    _receipt_after(client, response, "proposal", db.session.scalar(select(Proposal.id)))

    draft, _official = published_draft(factories)
    response = post(
        client,
        clause_url(draft, 3) + "/amendments/new",
        {"kind": "replace", "text": "Cameras are off at night.", "rationale": "Privacy."},
    )
    _receipt_after(client, response, "amendment", db.session.scalar(select(Amendment.id)))


def test_a_statement_is_logged_from_its_row_with_a_receipt(client, factories):
    consultation, _map = opinion_map(factories, premoderation=False)
    resident = factories.user()
    login(client, resident)

    response = submit(client, consultation, "Cameras should be off at night.")

    statement = db.session.scalars(
        select(OpinionStatement).where(OpinionStatement.author_id == resident.id)
    ).one()
    _receipt_after(client, response, "opinion_statement", statement.id)
    mine = client.get("/account/contributions?kind=opinion_statement").get_data(as_text=True)
    assert "Cameras should be off at night." in mine
    [leaf] = [leaf for leaf in leaves("opinion_statement") if leaf.public_id == str(statement.id)]
    assert content(leaf) == {
        "id": statement.id,
        "consultation_id": consultation.id,
        "author": person_id(resident.id),
        "time": statement.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "content_sha256": digest({"text": "Cameras should be off at night."}),
        "seeded": False,
    }
    assert "off at night" not in leaf.entry
    assert events.content_for_leaf(leaf) == statement_content(statement)
    assert "Cameras should be off at night." in client.get(
        receipt_url("opinion_statement", statement.id)
    ).get_data(as_text=True)
    assert check().ok

    db.session.execute(
        text("UPDATE opinion_statements SET text = 'Cameras everywhere.' WHERE id = :id"),
        {"id": statement.id},
    )
    db.session.commit()
    assert check().problems == [
        f"opinion statement {statement.id} (leaf {leaf.index}) changed after it was logged: "
        "content_sha256"
    ]


def _poll(factories):
    official = factories.user(OFFICIAL)
    consultation = factories.consultation("open", official=official)
    poll = surveys.create_questionnaire(official, consultation, "Quick poll", is_poll=True)
    question = surveys.add_question(
        official, poll.sections[0], "single", "Record sound?", options=["Yes", "No"]
    )
    surveys.publish_questionnaire(official, poll, results_live=True)
    db.session.commit()
    return consultation, poll, question


def test_a_poll_answer_links_to_its_receipt(client, factories):
    consultation, poll, question = _poll(factories)
    login(client, factories.user())
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    response = client.post(
        f"/consultations/{consultation.slug}/surveys/{poll.id}/page/1",
        data={
            "csrf_token": csrf_token_from(page),
            "action": "continue",
            f"q-{question.id}": str(question.options[1].id),
        },
    )
    _receipt_after(
        client, response, "survey_response", db.session.scalar(select(SurveyResponse.id))
    )
    mine = client.get("/account/contributions?kind=survey_response").get_data(as_text=True)
    assert "Your answers to “Quick poll”" in mine


def test_survey_answers_are_logged_once_sent_and_again_when_changed(factories):
    made = survey(factories)
    resident = factories.user()
    questionnaire = made.questionnaire
    first_page = questionnaire.sections[0].questions

    def save(option: int) -> SurveyResponse:
        form = {f"q-{made.single.id}": str(made.option(made.single, option))}
        checked = answers.check(first_page, form, required=False)
        response = surveys.save_page(resident, questionnaire, 1, first_page, checked)
        db.session.commit()
        return response

    response = save(1)
    assert leaves("survey_response") == []  # saved to finish later: not sent yet
    surveys.submit(resident, questionnaire)
    db.session.commit()
    [sent] = leaves("survey_response")
    assert sent.public_id == str(response.id)
    assert content(sent)["author"] == person_id(resident.id)
    assert content(sent)["content_sha256"] == digest(
        {"answers": [[made.single.id, made.option(made.single, 1), None, None, None]]}
    )

    save(2)
    sent, changed = leaves("survey_response")
    assert changed.public_id == f"{response.id}@2"
    assert content(changed)["content_sha256"] == digest(
        survey_response_content(db.session.get(SurveyResponse, response.id))
    )
    assert events.content_for_leaf(changed)["answers"][0][1] == made.option(made.single, 2)
    assert check().ok
    events.catch_up()  # (the consultation, made without its service)
    assert len(leaves("survey_response")) == 2


# Account deletion and moderation -------------------------------------------------------


@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_an_account_deletion_explains_the_logged_rows_it_changed(app, factories, choice):
    person, _consultation, _proposal, comment = busy_resident(factories)
    _map_consultation, the_map = opinion_map(factories, premoderation=False)
    statement = opinion.submit(the_map, person, "Fewer cameras near schools.")
    statement_id, comment_id = statement.id, comment.id
    db.session.commit()
    events.catch_up()
    assert check().ok
    size = service.tree_size()

    deletion.delete_account(db.session.get(User, person.id), choice)
    db.session.commit()

    [deleted] = leaves("account_deletion")
    assert deleted.index >= size
    result = check()
    assert result.problems == []
    explained = {line.split(" (leaf")[0] for line in result.explained}
    # The comment: its author is now the former participant (keep), or it is a logged
    # tombstone of its own (remove: a later version, nothing to explain).
    if choice == "keep":
        assert f"comment {comment_id}" in explained
    else:
        assert content(events.leaves_of("comment", comment_id)[-1])["deleted_at"] is not None
    assert f"opinion statement {statement_id}" in explained
    assert all(f"account deletion (leaf {deleted.index})" in line for line in result.explained)
    cli = run(app, "ledger", "verify")
    assert cli.exit_code == 0, cli.output
    assert f"Explained: opinion statement {statement_id} (leaf " in cli.output
    assert events.catch_up() == 0  # the deletion is logged once, and explains its rows

    # A change no recorded event made is still named, after the deletion too.
    db.session.execute(
        text("UPDATE comments SET body = 'Words nobody wrote.', stance = NULL WHERE id = :id"),
        {"id": comment_id},
    )
    db.session.commit()
    result = check()
    [problem] = result.problems
    assert problem.startswith(f"comment {comment_id} (leaf ")
    assert "changed after it was logged: " in problem and "content_sha256" in problem
    cli = run(app, "ledger", "verify")
    assert cli.exit_code == 1
    assert f"Not valid: comment {comment_id} (leaf " in cli.output


def test_moderation_hides_logged_submissions_without_changing_what_was_logged(factories):
    comment, case = reported_comment(factories)
    db.session.commit()
    events.catch_up()
    actions.act(factories.user("moderator"), case, "hide", rule_number=3, note="Address.")
    db.session.commit()

    assert db.session.get(Comment, comment.id).status == "hidden"
    assert check().ok
    assert leaves("moderation_decision")
