"""Issue 16 in a real browser: a resident votes on 10 statements, adds one and reads the
results, by keyboard only, with JavaScript on (each vote swaps the next statement in,
focused and announced) and off (each vote is a form post answered by the next
statement). axe finds nothing on the opinion map's pages in English, Spanish and Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from engage.extensions import db
from engage.opinion_map import service
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in
from tests.e2e.keyboard import assert_tab_reaches_every_control, tab_to
from tests.factories import PASSWORD

STATEMENTS = [
    "Police should need a warrant for every face search",
    "Live facial recognition should be banned in the city centre",
    "Footage of people never charged should be deleted within 30 days",
    "An independent body should audit the system every year",
    "Face searches should never be used at peaceful protests",
    "The police should publish how often the system is wrong",
    "Driving licence photos should be searchable",
    "A second officer should confirm every match",
    "The rules should be reviewed after two years",
    "Shops' cameras should not be linked to the police",
    "Residents should see the search log for their own face",
    "Children's photos should be kept out of the system",
]
ANSWERS = ["Agree", "Disagree", "Pass / unsure"]


def _world(factories):
    official = factories.user("official")
    consultation = factories.consultation("open", title="Face search rules", official=official)
    the_map = service.set_up(consultation, official, enabled=True, premoderation=True)
    service.seed(the_map, official, STATEMENTS)
    resident = factories.user(name="Jo Resident")
    db.session.commit()
    return consultation, resident


def _planted_votes(factories, consultation, resident) -> None:
    """Thirty voters in three camps on the first eight statements (the resident among them),
    and the analysis, so the results page has groups, a map and the reader's place."""
    from sqlalchemy import select

    from engage.opinion_map import queries, recompute
    from engage.opinion_map.models import OpinionStatement

    the_map = queries.map_of(consultation.id)
    statements = db.session.scalars(
        select(OpinionStatement).order_by(OpinionStatement.id).limit(8)
    ).all()
    voters = [factories.user() for _ in range(29)] + [resident]
    for person, voter in enumerate(voters):
        for index, statement in enumerate(statements):
            value = 1 if index == 0 or (index + person % 3) % 3 == 0 else -1
            service.vote(the_map, voter, statement, value)
    recompute.recompute(consultation.id)
    db.session.commit()


def _statement_shown(page: Page) -> str:
    return page.locator("#vote-card-heading").inner_text().replace("Statement:", "").strip()


def test_vote_on_ten_add_one_and_read_the_results_by_keyboard(page: Page, base_url, factories, js):
    """The ``js`` fixture runs it twice: JavaScript on, then off."""
    consultation, resident = _world(factories)
    sign_in(page, base_url, resident.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")

    tab_to(page, "link", "Vote on statements")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_contain_text("Opinion map")
    assert_accessible(page)

    seen = []
    for n in range(10):
        shown = _statement_shown(page)
        assert shown in STATEMENTS and shown not in seen
        seen.append(shown)
        answer = ANSWERS[n % 3]
        tab_to(page, "button", answer)
        page.keyboard.press("Enter")
        said = {"Agree": "you agree with", "Disagree": "you disagree with"}.get(
            answer, "you passed on"
        )
        if js:
            # Swapped in place: the next statement has focus and the vote is announced.
            expect(page.locator("#opinion-map-status")).to_contain_text(
                f"Vote recorded: {said} “{shown}”."
            )
            expect(page.locator("#vote-card-heading")).to_be_focused()
        else:
            expect(page.locator(".flash-list")).to_contain_text(f"Vote recorded: {said} “{shown}”.")
        expect(page.locator("#vote-card")).to_contain_text(
            f"You have voted on {n + 1} of 12 statements."
        )
    assert_tab_reaches_every_control(page)
    assert_accessible(page)

    # What I voted: all ten, each with the answer given.
    tab_to(page, "link", "What I voted")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("What I voted")
    expect(page.locator(".my-votes > li")).to_have_count(10)
    assert_accessible(page)

    # Add a statement.
    tab_to(page, "link", "Add a statement")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Add a statement")
    tab_to(page, "textbox", "Your statement")
    page.keyboard.type("Cameras on buses should not run face searches")
    tab_to(page, "button", "Send the statement")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-list")).to_contain_text(
        "Thank you. Your statement will be shown once a moderator has checked it."
    )

    # Read the results.
    tab_to(page, "link", "Results")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Opinion map results")
    expect(page.locator("main")).to_contain_text("10 votes")
    assert_tab_reaches_every_control(page)
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_opinion_map_pages_pass_axe_in_each_language(page: Page, base_url, factories, lang):
    consultation, resident = _world(factories)
    _planted_votes(factories, consultation, resident)
    sign_in(page, base_url, resident.email, PASSWORD)
    resident.locale = lang  # the account's language wins over the cookie
    db.session.commit()
    base = f"{base_url}/consultations/{consultation.slug}/opinion-map"
    page.goto(base)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.locator("#vote-card button").first.click()
    expect(page.locator("#opinion-map-status")).not_to_be_empty()
    assert_accessible(page)
    for path in ("/my-votes", "/statements/new", "/results"):
        page.goto(base + path)
        assert_accessible(page)
    # The results with groups: the map's regions and the reader's mark are links.
    expect(page.locator("svg polygon")).to_have_count(3)
    expect(page.locator("svg a[href='#your-place']")).to_have_count(1)
