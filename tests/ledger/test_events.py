"""Each kind of public event is logged once, after the commit, with its canonical content;
a row changed behind the application's back is named by the whole-log check."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, text

from engage.amendments import service as amendments
from engage.comments import service as comments
from engage.comments.targets import Target
from engage.consultations import service as consultations
from engage.database import utcnow
from engage.extensions import db
from engage.ledger import events
from engage.ledger.kinds import digest
from engage.ledger.models import LedgerLeaf
from engage.moderation.decisions import service as actions
from engage.opendata.pseudonyms import person_id
from engage.outcomes import service as outcomes
from engage.proposals import service as proposals
from tests.comments.helpers import post_comment
from tests.factories import login
from tests.moderation.decisions import reported_comment


def leaves(kind: str | None = None) -> list[LedgerLeaf]:
    query = select(LedgerLeaf).order_by(LedgerLeaf.index)
    if kind:
        query = query.where(LedgerLeaf.kind == kind)
    return list(db.session.scalars(query))


def content(leaf: LedgerLeaf) -> dict:
    return json.loads(leaf.entry)["content"]


def test_a_comment_posted_over_http_is_one_leaf_with_its_hash_author_and_time(client, factories):
    resident = factories.user()
    consultation = factories.consultation()
    login(client, resident)
    before = len(leaves())

    assert post_comment(client, consultation, "Publish the audit reports.").status_code == 303

    comment = db.session.scalars(select(events.KINDS["comment"].model)).one()
    [leaf] = leaves()[before:]
    assert (leaf.kind, leaf.public_id) == ("comment", str(comment.id))
    assert content(leaf) == {
        "id": comment.id,
        "consultation_id": consultation.id,
        "author": person_id(resident.id),
        "time": comment.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "content_sha256": digest(
            {"body": "Publish the audit reports.", "stance": None, "submitted_for_name": None}
        ),
        "target_type": "consultation",
        "target_id": consultation.id,
        "parent_id": None,
        "channel": "online",
        "edited_at": None,
        "deleted_at": None,
    }
    # The log holds the text's hash, never the text.
    assert "Publish the audit" not in leaf.entry
    assert events.content_for_leaf(leaf)["body"] == "Publish the audit reports."


def test_a_refused_comment_logs_nothing(client, factories):
    login(client, factories.user())
    consultation = factories.consultation(status="closed")

    response = post_comment(client, consultation, "Too late.")

    assert response.status_code in (403, 422)
    assert leaves("comment") == []


def test_edits_and_deletion_are_later_versions_and_the_first_text_stays_provable(factories):
    comment = factories.comment(body="First words.")
    comments.edit_comment(comment, "Second words.")
    db.session.commit()
    comments.delete_comment(comment)
    db.session.commit()

    logged = leaves("comment")
    assert [leaf.public_id for leaf in logged] == [
        str(comment.id),
        f"{comment.id}@2",
        f"{comment.id}@3",
    ]
    assert content(logged[1])["edited_at"] is not None
    assert content(logged[2])["deleted_at"] is not None
    # Receipts for each version still find the text it hashed, in the revisions.
    assert [events.content_for_leaf(leaf)["body"] for leaf in logged] == [
        "First words.",
        "Second words.",
        "",
    ]


def test_a_proposal_and_its_withdrawal(factories):
    consultation = factories.consultation()
    author = factories.user()
    proposal = proposals.create(author, consultation, "Bike lanes", "Paint them green.")
    db.session.commit()
    proposals.withdraw(author, proposal, "Merged into another.")
    db.session.commit()

    first, second = leaves("proposal")
    assert (first.public_id, second.public_id) == (str(proposal.id), f"{proposal.id}@2")
    assert content(first)["author"] == person_id(author.id)
    assert content(first)["content_sha256"] == digest(
        {"title": "Bike lanes", "body": "Paint them green.", "submitted_for_name": None}
    )
    assert content(first)["withdrawn_at"] is None
    assert content(second)["withdrawal_sha256"] == digest({"reason": "Merged into another."})


def test_an_amendment_and_the_official_decision_on_it(factories):
    amendment = factories.amendment(text="Cameras are switched off at night.")
    official = factories.user("official")
    amendments.reject(official, amendment, "Out of scope.")
    db.session.commit()

    first, second = leaves("amendment")
    assert first.public_id == str(amendment.id)
    assert content(first)["status"] == "proposed"
    assert content(second)["status"] == "rejected"
    assert content(second)["decision_sha256"] is not None


def test_a_consultation_is_logged_once_published_and_again_when_it_changes(factories):
    official = factories.user("official")
    draft = factories.consultation(status="draft", official=official)
    consultations.publish(official, draft)
    db.session.commit()
    [published] = leaves("consultation")
    assert published.public_id == str(draft.id)

    consultations.close_now(official, draft, "Enough input.")
    db.session.commit()
    first, closed = leaves("consultation")
    assert closed.public_id == f"{draft.id}@2"
    assert content(closed)["closes_at"] != content(first)["closes_at"]


def test_saving_an_unpublished_consultation_logs_nothing(factories):
    official = factories.user("official")
    draft = factories.consultation(status="draft", official=official)
    values = {"title": "A new title"}
    consultations.save(official, draft, values)
    db.session.commit()

    assert leaves("consultation") == []


def test_official_answer_and_moderation_decision_with_the_public_log_fields(factories):
    proposal = factories.proposal()
    official = factories.user("official")
    response = outcomes.respond(official, proposal, "accepted", "We will do it in spring.")
    db.session.commit()
    [answer] = leaves("official_answer")
    assert content(answer)["status"] == "accepted"
    assert content(answer)["content_sha256"] == digest({"reason": "We will do it in spring."})
    assert answer.public_id == str(response.id)

    _comment, case = reported_comment(factories)
    action = actions.act(factories.user("moderator"), case, "hide", rule_number=3, note="Address.")
    db.session.commit()
    decision = [leaf for leaf in leaves("moderation_decision") if content(leaf)["id"] == action.id]
    assert len(decision) == 1
    logged = content(decision[0])
    assert logged["action"] == "hide"
    assert logged["rule_number"] == 3
    assert logged["reference"] == action.public_ref
    assert logged["item_type"] == "comment"
    # Never the moderator, nor the private note.
    assert "Address." not in decision[0].entry
    assert "moderator" not in logged


def test_each_draft_version_published_is_one_leaf(factories):
    factories.draft(versions=2)

    logged = leaves("draft_version")
    assert [content(leaf)["number"] for leaf in logged] == [1, 2]
    assert "This policy covers cameras." in json.dumps(events.content_for_leaf(logged[0]))


def test_publishing_the_outcome_logs_the_support_checkpoint_then_the_report(factories):
    official = factories.user("official")
    consultation = factories.consultation(status="closed", official=official)
    proposal = factories.proposal(consultation=consultation, support_count=7)
    outcomes.save_outcome(official, consultation, "We heard a lot.", "We decided things.")
    outcomes.publish_outcome(official, consultation)
    db.session.commit()

    checkpoint, report = leaves()[-2:]
    assert (checkpoint.kind, report.kind) == ("support_checkpoint", "outcome")
    assert content(checkpoint)["proposals"] == [[proposal.id, 7]]
    assert content(checkpoint)["total"] == 7

    outcomes.save_outcome(official, consultation, "We heard a lot.", "We decided more.")
    db.session.commit()
    assert [leaf.public_id for leaf in leaves("outcome")] == [
        str(report.public_id),
        f"{report.public_id}@2",
    ]


def test_catch_up_logs_what_a_crash_lost_and_is_idempotent(factories):
    # Rows written without their services' signals, as if the job never ran.
    consultation = factories.consultation()
    factories.proposal(consultation=consultation)
    factories.proposal(consultation=consultation)
    before = len(leaves())

    added = events.catch_up()

    assert added == 3  # the consultation and both proposals
    assert len(leaves()) == before + 3
    assert events.catch_up() == 0


def test_a_comment_edited_in_the_database_is_named_and_a_superseded_version_is_not(factories):
    kept = factories.comment(body="Left alone.")
    edited = factories.comment(body="Edited properly.")
    comments.edit_comment(edited, "Edited properly, twice.")
    tampered = factories.comment(body="The original words.")
    db.session.commit()
    db.session.execute(
        text("UPDATE comments SET body = :body WHERE id = :id"),
        {"body": "Words nobody wrote.", "id": tampered.id},
    )
    db.session.commit()
    db.session.expire_all()

    reasons = list(events.changed_rows(iter(leaves())))

    assert reasons == [
        f"comment {tampered.id} (leaf {leaves('comment')[-1].index}) changed after it was "
        "logged: content_sha256"
    ]
    assert events.changed_since_logged(leaves("comment")[0]) is None  # kept
    first_of_edited = leaves("comment")[1]
    assert first_of_edited.public_id == str(edited.id)
    assert events.changed_since_logged(first_of_edited) is None  # superseded by @2
    assert events.canonical_for_row("comment", str(kept.id)) == content(leaves("comment")[0])
    assert events.canonical_for_row("comment", "999999") is None
    assert events.canonical_for_row("nonsense", "1") is None
    assert events.canonical_for_row("comment", "1@1") is None


def test_a_consultation_closed_an_hour_ago_can_be_checkpointed_by_catch_up(factories):
    consultation = factories.consultation(closes_at=utcnow() - timedelta(hours=1))
    events.catch_up()
    [checkpoint] = leaves("support_checkpoint")
    assert checkpoint.public_id == str(consultation.id)


def test_one_transaction_s_events_are_one_job_logged_in_order(factories):
    consultation = factories.consultation()
    author = factories.user()
    db.session.commit()
    target = Target(kind="consultation", obj=consultation, consultation=consultation)
    first = comments.post_comment(author, target, "First.")
    second = comments.post_comment(author, target, "Second.")
    comments.edit_comment(first, "First, edited.")

    queued = [args for _func, args in db.session.info["engage.after_commit"]]
    ledger_jobs = [args for args in queued if args[0] == "engage.ledger.events.record_many"]
    assert ledger_jobs == [
        (
            "engage.ledger.events.record_many",
            ([("comment", first.id), ("comment", second.id), ("comment", first.id)],),
        )
    ]
    db.session.commit()

    # The first comment's post and edit in one transaction: its state at the commit, once.
    assert [leaf.public_id for leaf in leaves("comment")] == [str(first.id), str(second.id)]
    assert content(leaves("comment")[0])["edited_at"] is not None
