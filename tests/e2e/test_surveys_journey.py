"""Issue 17 in a real browser, by keyboard only, with JavaScript on (each answer saved as
the person goes, a conditional question appearing in place) and off (plain forms): an
official builds a 6-question survey with a conditional question and publishes it; two
residents answer it, one over two visits; the official enters a paper answer; the results
page shows the right figures. axe after every page and swap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from engage.extensions import db
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in, sign_out
from tests.e2e.keyboard import FOCUSED, assert_tab_reaches_every_control, tab_to
from tests.factories import PASSWORD

TITLE = "Cameras survey"
RETENTION = "Which retention period?"
WHY = "Why only 7 days?"


def choose(page: Page, name: str, option: str) -> None:
    """Tab to the drop-down list ``name`` and pick ``option`` with the arrow keys."""
    tab_to(page, "combobox", name)
    for _press in range(30):
        if page.evaluate("() => document.activeElement.selectedOptions[0].label") == option:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option “{option}” in “{name}”")


def type_into(page: Page, name: str, text: str) -> None:
    tab_to(page, "textbox", name)
    page.keyboard.type(text)


def press(page: Page, role: str, name: str) -> None:
    tab_to(page, role, name)
    page.keyboard.press("Enter")


def tick(page: Page, name: str) -> None:
    """A checkbox (the keyboard helper names its role 'textbox')."""
    tab_to(page, "textbox", name)
    page.keyboard.press("Space")


def add_question(
    page: Page,
    section: str,
    kind: str,
    prompt: str,
    *,
    required: bool = False,
    options: tuple[str, ...] = (),
    low: int | None = None,
    high: int | None = None,
    condition: str | None = None,
) -> None:
    page.locator("main h1").focus()  # start from the top of the page
    choose(page, "Page", section)
    choose(page, "Type of question", kind)
    type_into(page, "Question", prompt)
    if required:
        tick(page, "An answer is required")
    if options:
        tab_to(page, "textbox", "Options, one per line")
        for n, option in enumerate(options):
            if n:
                page.keyboard.press("Enter")
            page.keyboard.type(option)
    if low is not None:
        type_into(page, "Scale or number: lowest", str(low))
        type_into(page, "Scale or number: highest", str(high))
    if condition:
        choose(page, "Show this question", condition)
    press(page, "button", "Add the question")
    expect(page.locator(".flash-list")).to_contain_text("The question is added.")
    expect(page.locator("main")).to_contain_text(prompt)


def build_and_publish(page: Page, base_url: str, consultation) -> None:
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    press(page, "link", "Surveys and polls")
    expect(page.locator("main h1")).to_have_text("Surveys and polls")
    assert_accessible(page)
    type_into(page, "Title", TITLE)
    press(page, "button", "Start it")
    expect(page.locator("main h1")).to_have_text(f"Edit: {TITLE}")
    assert_accessible(page)

    add_question(
        page, TITLE, "Single choice", RETENTION, required=True,
        options=("7 days", "30 days", "90 days"),
    )  # fmt: skip
    add_question(
        page, TITLE, "Long text", WHY,
        condition=f"Only if “{RETENTION}” is answered “7 days”",
    )  # fmt: skip
    add_question(
        page, TITLE, "Multiple choice", "Where should cameras be?",
        options=("Stations", "Schools", "Parks"),
    )  # fmt: skip
    add_question(page, TITLE, "Rating scale", "How comfortable are you?", low=1, high=5)
    type_into(page, "Page title", "About you")
    press(page, "button", "Add the page")
    expect(page.locator(".flash-list")).to_contain_text("The page is added.")
    add_question(page, "About you", "Number", "How old are you?", low=16, high=120)
    add_question(page, "About you", "Short text", "Your neighbourhood")
    expect(page.locator("main li.card")).to_have_count(6)
    assert_accessible(page)

    press(page, "link", "Preview it as residents will see it")
    expect(page.locator("main")).to_contain_text(WHY)
    assert_accessible(page)
    page.go_back()
    expect(page.locator("main h1")).to_have_text(f"Edit: {TITLE}")
    tick(page, "Show results while the consultation is open")
    press(page, "button", "Publish")
    expect(page.locator(".flash-list")).to_contain_text("The questionnaire is published.")
    assert_tab_reaches_every_control(page)


def pick(page: Page, question: str, answer: str) -> None:
    """A radio button or checkbox in the fieldset ``question``: Tab into the group, then
    arrow keys (radio) or Tab (checkbox) to ``answer``, and Space."""
    control = page.get_by_role("group", name=question).get_by_label(answer, exact=True)
    for _press in range(60):
        if page.evaluate("el => el === document.activeElement", control.element_handle()):
            if control.get_attribute("type") == "checkbox" or not control.is_checked():
                page.keyboard.press("Space")
            return
        focused = page.evaluate(
            "() => document.activeElement.closest('fieldset')?.querySelector('legend')?.innerText"
        )
        if focused and focused.startswith(question) and control.get_attribute("type") == "radio":
            page.keyboard.press("ArrowDown")
        else:
            page.keyboard.press("Tab")
    raise AssertionError(f"never reached “{answer}” in “{question}”")


def focused_name(page: Page) -> str:
    return (page.evaluate(FOCUSED) or {}).get("name", "")


def answer_first_page(page: Page, js: bool, retention: str, why: str | None) -> None:
    expect(page).to_have_url(re.compile(r"/page/1$"))
    page.locator("main h1").focus()
    why_box = page.get_by_label(WHY)
    if js:
        expect(why_box).to_be_hidden()  # shown only once 7 days is chosen
    pick(page, RETENTION, retention)
    if js:
        status = page.locator("#autosave-status")
        expect(status).to_have_text("Your answers on this page are saved.")
        # The swap left focus on the answer just given, and Tab reaches every control,
        # the question that appeared included.
        assert focused_name(page) == retention
        if why:
            expect(why_box).to_be_visible()
        else:
            expect(why_box).to_be_hidden()
        assert_tab_reaches_every_control(page)
        assert_accessible(page)
    if why:
        type_into(page, WHY, why)


def answer_journey(page: Page, base_url, consultation, js: bool, people) -> None:
    jo, sam = people
    # Jo answers over two visits: the first page, then "save and finish later".
    sign_in(page, base_url, jo.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    press(page, "link", TITLE)
    expect(page.locator("main h1")).to_have_text(TITLE)
    assert_accessible(page)
    press(page, "link", "Start answering")
    answer_first_page(page, js, "7 days", "A week is enough")
    pick(page, "Where should cameras be?", "Stations")
    pick(page, "Where should cameras be?", "Parks")
    if js:
        expect(page.locator("#autosave-status")).to_have_text(
            "Your answers on this page are saved."
        )
        assert "Parks" in focused_name(page)
    pick(page, "How comfortable are you?", "2")
    if js:
        expect(page.locator("#survey-progress")).to_contain_text("Complete")
        assert_tab_reaches_every_control(page)
    press(page, "button", "Save and finish later")
    expect(page.locator(".flash-list")).to_contain_text("Your answers are saved.")
    assert_accessible(page)
    sign_out(page)

    # The second visit: where Jo left off, the first page's answers kept.
    sign_in(page, base_url, jo.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    press(page, "link", TITLE)
    expect(page.get_by_role("link", name="Continue where you left off")).to_be_visible()
    press(page, "link", "Continue where you left off")
    expect(page.locator("main h1")).to_have_text("About you")
    if js:  # the arrival's focus move comes after the swap: let it land first
        expect(page.locator("main h1")).to_be_focused()
    page.get_by_role("link", name=TITLE, exact=True).last.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("7 days", exact=True)).to_be_checked()
    expect(page.get_by_label(WHY)).to_have_value("A week is enough")
    press(page, "button", "Save and continue")
    expect(page.locator("main h1")).to_have_text("About you")
    type_into(page, "How old are you?", "34")
    type_into(page, "Your neighbourhood", "Old Town")
    press(page, "button", "Send your answers")
    expect(page.locator(".flash-list")).to_contain_text("Thank you: your answers are sent.")
    assert_accessible(page)
    sign_out(page)

    # Sam answers at once, and the conditional question stays hidden.
    sign_in(page, base_url, sam.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    press(page, "link", TITLE)
    expect(page.get_by_role("link", name="Start answering")).to_be_visible()
    press(page, "link", "Start answering")
    answer_first_page(page, js, "30 days", None)
    pick(page, "Where should cameras be?", "Stations")
    pick(page, "How comfortable are you?", "4")
    press(page, "button", "Save and continue")
    expect(page.locator("main h1")).to_have_text("About you")
    type_into(page, "How old are you?", "60")
    press(page, "button", "Send your answers")
    expect(page.locator(".flash-list")).to_contain_text("Thank you: your answers are sent.")
    sign_out(page)


def test_build_answer_and_read_a_survey_by_keyboard(page: Page, base_url, factories, js):
    """The ``js`` fixture runs it twice: JavaScript on, then off."""
    official = factories.user("official", name="Olu Official")
    consultation = factories.consultation("open", title="Face search rules", official=official)
    jo = factories.user(name="Jo Resident")
    sam = factories.user(name="Sam Resident")
    db.session.commit()

    sign_in(page, base_url, official.email, PASSWORD)
    build_and_publish(page, base_url, consultation)
    sign_out(page)

    answer_journey(page, base_url, consultation, js, (jo, sam))

    # The official types in a paper questionnaire.
    sign_in(page, base_url, official.email, PASSWORD)
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    press(page, "link", "Surveys and polls")
    expect(page.locator("main h1")).to_have_text("Surveys and polls")
    press(page, "link", TITLE)
    expect(page.locator("main h1")).to_have_text(f"Edit: {TITLE}")
    press(page, "link", "Enter a paper or phone answer")
    expect(page.locator("main h1")).to_have_text("Enter a paper or phone answer")
    assert_accessible(page)
    page.locator("main h1").focus()
    pick(page, RETENTION, "90 days")
    pick(page, "Where should cameras be?", "Schools")
    pick(page, "How comfortable are you?", "5")
    press(page, "button", "Record the answers")
    expect(page.locator(".flash-list")).to_contain_text("The answers are recorded.")

    # The results: three people, one per retention period.
    page.goto(f"{base_url}/consultations/{consultation.slug}")
    press(page, "link", "Results")
    expect(page.locator("main h1")).to_have_text(f"Results: {TITLE}")
    main = page.locator("main")
    expect(main).to_contain_text("3 people answered.")
    retention = page.locator("section.card", has=page.get_by_role("heading", name=RETENTION))
    for label in ("7 days", "30 days", "90 days"):
        expect(retention.locator("tr", has_text=label)).to_contain_text(re.compile(r"\b1\b"))
    cameras = page.locator(
        "section.card", has=page.get_by_role("heading", name="Where should cameras be?")
    )
    expect(cameras.locator("tr", has_text="Stations")).to_contain_text(re.compile(r"\b2\b"))
    comfort = page.locator(
        "section.card", has=page.get_by_role("heading", name="How comfortable are you?")
    )
    expect(comfort).to_contain_text("Median: 4")
    age = page.locator("section.card", has=page.get_by_role("heading", name="How old are you?"))
    expect(age).to_contain_text("2 people answered this question.")
    expect(age).to_contain_text("Median: 47")
    assert_tab_reaches_every_control(page)
    assert_accessible(page)

    # The outcome report cites the retention question's figures.
    page.goto(f"{base_url}/consultations/{consultation.slug}/outcome/edit")
    expect(page.locator("main h1")).to_have_text("Write the outcome report")
    assert_accessible(page)
    press(page, "link", f"Add the results of “{RETENTION}” to what you heard")
    heard = page.get_by_label("What we heard")
    for line in ("3 people answered.", "- 7 days: 1 (33.3%)", "- 90 days: 1 (33.3%)"):
        expect(heard).to_have_value(re.compile(re.escape(line)))
    type_into(page, "What we decided", "Footage is kept for 30 days.")
    press(page, "button", "Save the report")
    expect(page.locator(".flash-list")).to_contain_text("The outcome report is saved.")
    report = page.locator("main")
    expect(report).to_contain_text(f"“{RETENTION}” ({TITLE}): 3 people answered.")
    for label in ("7 days", "30 days", "90 days"):
        expect(report.locator("li", has_text=f"{label}: 1 (33.3%)")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_survey_and_poll_pages_pass_axe_in_each_language(
    page: Page, base_url, app, factories, lang
):
    """The sweep's survey pages (tests/surveys/sweep.py) as an official and as a resident,
    in English, Spanish and Arabic."""
    from flask import url_for

    from tests.e2e.pages import OFFICIAL, PAGES, RESIDENT, World
    from tests.surveys.sweep import survey_content

    world = World()
    world.users = {
        OFFICIAL: factories.user(OFFICIAL, name="Sam Sweep"),
        RESIDENT: factories.user(name="Sam Sweep"),
    }
    survey_content(factories, world)
    problems = []
    for role in (OFFICIAL, RESIDENT):
        page.context.clear_cookies()
        user = world.users[role]
        user.locale = "en"
        db.session.commit()
        sign_in(page, base_url, user.email, PASSWORD)
        user.locale = lang  # the account's language wins over the cookie
        db.session.commit()
        for item in PAGES:
            if role not in item.seen_by or not item.name.startswith(("survey", "poll")):
                continue
            with app.test_request_context():
                path = url_for(item.endpoint, **item.values(world))
            response = page.goto(base_url + path)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            if response.status != item.status:
                problems.append(f"{role}, {item.name}: status {response.status}")
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{role}, {item.name}: {error}")
    assert not problems, "\n".join(problems)
