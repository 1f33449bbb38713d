"""Optional questions and who took part, in a real browser with JavaScript on and off: a
resident answers once from the account page; the official sees the shares with the
Small Numbers Rule and a link to record paper input. axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engage.extensions import db
from tests.demographics.helpers import answer, turn_on
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import expect_page, flash, sign_in
from tests.factories import PASSWORD


def test_a_resident_answers_the_optional_questions_once(page, js, base_url, factories):
    turn_on("age_band", "disability")
    person = factories.user(name="Olu Optional")
    sign_in(page, base_url, person.email, PASSWORD)
    page.goto(base_url + "/account/profile")
    page.get_by_role("link", name="Answer the optional questions").click()
    expect_page(page, "About you (optional)", "/account/about-you")
    assert_accessible(page)
    page.get_by_label("65 to 74").check()
    page.get_by_role("button", name="Save my answers").click()
    # Without the consent box ticked nothing is kept, and the choice comes back.
    expect(page.locator(".field-error").first).to_contain_text("Tick the box")
    expect(page.get_by_label("65 to 74")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("I agree that this site keeps these answers").check()
    page.get_by_role("button", name="Save my answers").click()
    flash(page, "Your answers are saved.")
    expect(page.get_by_role("link", name="Answer the optional questions")).to_have_count(0)
    page.get_by_role("link", name="Change or delete your answers about you").click()
    page.get_by_role("button", name="Delete my answers").click()
    flash(page, "Your answers are deleted.")


def test_an_official_sees_who_took_part_with_small_numbers_hidden(page, js, base_url, factories):
    turn_on("age_band")
    official = factories.user("official", name="Ola Official")
    consultation = factories.consultation(official=official)
    proposal = factories.proposal(consultation=consultation)
    for age, n in {"25_34": 12, "35_44": 15, "75_plus": 3}.items():
        for _ in range(n):
            answer(factories.support(proposal), age_band=age)
    sign_in(page, base_url, official.email, PASSWORD)
    page.goto(base_url + f"/consultations/{consultation.slug}")
    page.get_by_role("link", name="Who took part, and who is missing").click()
    expect_page(
        page,
        "Who took part, and who is missing",
        f"/consultations/{consultation.slug}/who-took-part",
    )
    assert_accessible(page)
    row = page.get_by_role("row", name="75 or over")
    expect(row).to_contain_text("not shown")
    expect(page.get_by_role("table").first).to_contain_text("not shown")
    page.get_by_role("link", name="Record input received on paper, by phone or at an event").click()
    expect(page).to_have_url(base_url + f"/consultations/{consultation.slug}/record")


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_pages_pass_axe_in_spanish_and_arabic(page, base_url, factories, lang):
    turn_on("age_band", "area", "gender", "disability", "home_language")
    official = factories.user("official", name="Ola Official")
    consultation = factories.consultation(official=official)
    proposal = factories.proposal(consultation=consultation)
    for age, n in {"25_34": 12, "35_44": 15, "75_plus": 3}.items():
        for _ in range(n):
            answer(factories.support(proposal), age_band=age)
    sign_in(page, base_url, official.email, PASSWORD)
    # Signed in, the account's language wins over the cookie.
    official.locale = lang
    db.session.commit()
    for path in (
        f"/consultations/{consultation.slug}/who-took-part",
        "/account/about-you",
        "/privacy",
    ):
        page.goto(base_url + path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)
