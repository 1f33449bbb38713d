"""Outcome pages for the accessibility sweep (tests/e2e/pages.py): a published outcome
with answers, a commitment (milestones, updates), an unpublished report, the dashboard."""

from __future__ import annotations

from engage.extensions import db


def outcome_content(factories, world) -> None:
    from engage.outcomes import service

    c, official = world.c, world.users["official"]
    consultation = factories.consultation(
        "closed", title="Rules for face search", official=official
    )
    c["outcome"] = consultation
    answered = factories.proposal(
        consultation, author=world.users["resident"], title="Log every face search"
    )
    c["outcome proposal"] = answered
    rejected = factories.proposal(consultation, title="Ban cameras")
    service.respond(official, answered, "under_consideration", "We are checking the cost.")
    service.respond(official, answered, "accepted", "Every search will be **logged**.")
    service.respond(official, rejected, "rejected", "Cameras are outside this policy.")
    outcome = service.save_outcome(
        official,
        consultation,
        "People want **oversight**.",
        "- Searches are logged\n- Logs are published",
    )
    commitment = service.add_commitment(
        official, outcome, "Publish the search log", "Monthly.", None, [("proposal", answered.id)]
    )
    reached = service.add_milestone(official, commitment, "Log format agreed", None)
    service.complete_milestone(official, reached)
    service.add_milestone(official, commitment, "First log published", None)
    service.add_update(official, commitment, "The format is agreed.", "in_progress", 40)
    service.publish_outcome(official, consultation)
    c["commitment"] = commitment
    # An unpublished report on the other closed consultation: officials see its preview.
    service.save_outcome(official, c["closed"], "Heard so far", "Not decided yet")
    db.session.commit()


def outcome_pages(SweepPage, roles):  # noqa: N803 - the class is passed in
    everyone, managers = roles["EVERYONE"], roles["MANAGERS"]

    def slug(name):
        return lambda w: {"slug": w.c[name].slug}

    return [
        SweepPage("outcome", "outcomes.view_outcome", everyone, slug("outcome")),
        SweepPage("outcome: preview", "outcomes.view_outcome", managers, slug("closed")),
        SweepPage("outcome: edit", "outcomes.edit_outcome", managers, slug("closed")),
        SweepPage("outcome: answers", "outcomes.answer_proposals", managers, slug("outcome")),
        SweepPage(
            "outcome: answer a proposal",
            "outcomes.answer_proposal",
            managers,
            lambda w: {"proposal_id": w.c["popular"].id},
        ),
        SweepPage(
            "outcome: answered proposal",
            "proposals.view_proposal",
            everyone,
            lambda w: {"proposal_id": w.c["outcome proposal"].id},
        ),
        SweepPage("commitments", "outcomes.list_commitments", everyone, slug("outcome")),
        SweepPage(
            "commitment",
            "outcomes.view_commitment",
            everyone,
            lambda w: {"commitment_id": w.c["commitment"].id},
        ),
        SweepPage("commitment: new", "outcomes.new_commitment", managers, slug("outcome")),
        SweepPage("accountability", "outcomes.accountability", everyone),
    ]
