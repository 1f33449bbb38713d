"""Outcomes, end to end on the demo data: an official answers the demo consultation's
proposals and an amendment, writes and publishes the outcome and records a commitment; the
resident who made a proposal sees what was decided and why, follows the link to the report
and finds the commitment it led to; the dashboard shows the department's figures.
JavaScript on (the answers list swaps rows with htmx) and off; axe after every page and swap."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from engage import demo
from engage.accounts.models import find_user_by_email
from engage.cli import DEMO_PASSWORD
from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.demo import consultations as content
from engage.extensions import db
from engage.outcomes import dashboard, queries
from engage.proposals.models import Proposal
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, main_nav, sign_in, sign_out

REASON = "We accept this: images of people who match nothing are deleted within a day."


def _world(factories) -> dict:
    """The demo, with its consultation now closed and an amendment to its draft."""
    demo.seed()
    main = db.session.scalar(
        select(Consultation).where(Consultation.slug == content.FACIAL_RECOGNITION["slug"])
    )
    main.closes_at = utcnow() - timedelta(hours=1)
    official = find_user_by_email("official@example.org")
    amendment = _open_amendment(main) or _new_amendment(factories, main, official)
    db.session.commit()
    proposals = db.session.scalars(select(Proposal).where(Proposal.consultation_id == main.id))
    unanswered = [
        p
        for p in proposals
        if p.visibility == "visible" and queries.current_response("proposal", p.id) is None
    ]
    mine = next(p for p in unanswered if p.title == "Delete non-matching images within 24 hours")
    return {
        "main": main,
        "official": official,
        "unanswered": unanswered,
        "mine": mine,
        "amendment": amendment,
    }


def _open_amendment(main):
    """One of the demo's amendments still waiting for a decision."""
    from engage.amendments.models import Amendment

    query = select(Amendment).where(
        Amendment.consultation_id == main.id,
        Amendment.status == "proposed",
        Amendment.kind == "insert_after",
    )
    return db.session.scalars(query.order_by(Amendment.id)).first()


def _new_amendment(factories, main, official):
    """For a demo without a draft: one draft and an amendment to it."""
    from engage.drafts.queries import clause_by_number

    draft = factories.draft(main, official=official)
    return factories.amendment(
        clause_by_number(draft, 3), text="Every search is logged and published."
    )


def _answer_all(page, js: bool, world: dict) -> None:
    for proposal in world["unanswered"]:
        row = page.locator(f"#answer-{proposal.id}")
        row.locator("summary").click()
        mine = proposal.id == world["mine"].id
        row.get_by_label("Accepted", exact=True).check() if mine else row.get_by_label(
            "Under consideration"
        ).check()
        row.get_by_label("Reason").fill(REASON if mine else "We are still studying this.")
        row.get_by_role("button", name="Publish the answer").click()
        row = page.locator(f"#answer-{proposal.id}")
        if js:
            expect(row.get_by_role("status")).to_have_text("Answer saved.")
        else:
            flash(page, "Your answer is published on the proposal.")
        expect(row).to_contain_text("Answered by Olu Official")
        assert_accessible(page)


def test_official_answers_and_publishes_and_the_resident_sees_the_outcome(
    page, js, base_url, factories
):
    world = _world(factories)
    main, mine = world["main"], world["mine"]
    sign_in(page, base_url, "official@example.org", DEMO_PASSWORD)
    page.goto(f"{base_url}/consultations/{main.slug}")
    page.get_by_role("link", name="Answer proposals").first.click()
    expect_page(page, "Answer proposals", f"/consultations/{main.slug}/answers")
    expect(page.get_by_role("main")).to_contain_text("Accepted")  # the demo's earlier answers
    _answer_all(page, js, world)

    # The amendment is answered by its decision, on the amendments pages.
    page.goto(f"{base_url}/amendments/{world['amendment'].id}/decide")
    page.get_by_label("Why is it rejected?").fill("The log stays internal; audits are public.")
    page.get_by_role("button", name="Reject the amendment").click()
    flash(page, "Amendment rejected.")
    assert_accessible(page)

    # The report: written, previewed, published.
    page.goto(f"{base_url}/consultations/{main.slug}/answers")
    page.get_by_role("link", name="The outcome report").click()
    expect_page(page, "Write the outcome report", f"/consultations/{main.slug}/outcome/edit")
    page.get_by_label("What we heard").fill("People want **limits** on face search.")
    page.get_by_label("What we decided").fill("Non-matching images are deleted within a day.")
    page.get_by_role("button", name="Save the report").click()
    flash(page, "The outcome report is saved.")
    expect_page(page, f"Outcome: {main.title}", f"/consultations/{main.slug}/outcome")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish the outcome").click()
    flash(page, "The outcome is published. Everyone can read it now.")
    assert_accessible(page)

    # A commitment that came from the resident's proposal, with a first update.
    page.get_by_role("link", name="Add a commitment").first.click()
    expect_page(page, "Add a commitment")
    page.get_by_label("Commitment", exact=True).fill("Delete unmatched images within 24 hours")
    page.get_by_label(mine.title).check()
    page.get_by_role("button", name="Record the commitment").click()
    flash(page, "The commitment is recorded.")
    expect_page(page, "Delete unmatched images within 24 hours")
    page.locator("summary", has_text="Post a progress update").click()
    page.get_by_label("What happened").fill("The retention setting is changed on all cameras.")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Percent done").fill("50")
    page.get_by_role("button", name="Publish the update").click()
    flash(page, "The update is published.")
    expect(page.get_by_role("main")).to_contain_text("50% done")
    assert_accessible(page)
    sign_out(page)

    # The resident who made the proposal sees what was decided and why.
    sign_in(page, base_url, mine.author.email, DEMO_PASSWORD)
    page.goto(f"{base_url}/proposals/{mine.id}")
    answer = page.locator("#official-response")
    expect(answer).to_contain_text("Accepted")
    expect(answer).to_contain_text(REASON)
    assert_accessible(page)
    answer.get_by_role("link", name="Read the outcome report for this consultation").click()
    expect_page(page, f"Outcome: {main.title}", f"/consultations/{main.slug}/outcome")
    expect(page.locator("svg.chart-svg")).to_have_count(2)
    expect(page.get_by_role("main")).to_contain_text("The log stays internal; audits are public.")
    page.get_by_role("link", name="Delete unmatched images within 24 hours").click()
    expect_page(page, "Delete unmatched images within 24 hours")
    expect(page.get_by_role("main")).to_contain_text(mine.title)
    expect(page.get_by_role("main")).to_contain_text("The retention setting is changed")

    # The dashboard shows the department's figures.
    main_nav(page).get_by_role("link", name="Accountability").click()
    expect_page(page, "Accountability", "/accountability")
    db.session.rollback()  # read what the browser's requests committed
    police = next(
        d for d in dashboard.accountability()["departments"] if d.name == main.department.name
    )
    assert police.answered and police.commitments == 1 and police.kept == 0
    row = page.locator("#departments tr", has_text=main.department.name)
    expect(row).to_contain_text(f"{police.answered_share}% ({police.answered} of {police.inputs})")
    expect(row).to_contain_text("0 of 1")  # one commitment, not completed yet
