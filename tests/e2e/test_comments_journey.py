"""A resident comments in a real browser, with JavaScript on (htmx swaps) and off (plain
forms): a stance on a proposal, a reply, a vote, an edit, a deletion, sorting and paging.
axe-core runs after every page load and every swap."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, sign_in
from tests.factories import PASSWORD


def _main(page: Page, text: str):
    """A comment's own content (not its replies), found by its text."""
    return page.locator(".comment__main", has_text=text)


def _count(page: Page, n: int) -> None:
    expect(page.locator("#comments-count")).to_have_text(f"({n})")


def _announced(page: Page, js: bool, text: str) -> None:
    if js:
        expect(page.locator("#comments-status")).to_contain_text(text)


def test_comment_reply_vote_edit_delete(page: Page, base_url, factories, js):
    consultation = factories.consultation(title="Rules for police use of facial recognition")
    proposal = factories.proposal(consultation, title="Require a judge's warrant")
    amina = factories.user(name="Amina K.")
    objection = factories.comment(
        proposal, author=amina, stance="against", body="A warrant takes too long at night."
    )
    resident = factories.user(name="Jo Resident")
    sign_in(page, base_url, resident.email, PASSWORD)

    page.goto(f"{base_url}/proposals/{proposal.id}")
    assert_accessible(page)
    _count(page, 1)

    # A comment with a stance.
    form = page.locator("form.comment-form")
    form.get_by_label("In favour").check()
    form.get_by_label("Your comment").fill("Judges already do this for **phone records**.")
    form.get_by_role("button", name="Post your comment").click()
    mine = _main(page, "Judges already do this")
    expect(mine.locator("strong", has_text="phone records")).to_be_visible()
    expect(mine.locator(".badge")).to_have_text("Stance: In favour")
    _count(page, 2)
    _announced(page, js, "Your comment is posted.")
    if js:
        expect(page).to_have_url(re.compile(rf"/proposals/{proposal.id}$"))
        expect(page.locator("form.comment-form textarea")).to_have_value("")
        expect(page.locator("article.comment", has=mine)).to_be_focused()
    else:  # back on the proposal, newest first, where the new comment surely shows
        expect(page).to_have_url(re.compile(rf"/proposals/{proposal.id}\?sort=newest#comment-\d+$"))
        flash(page, "Your comment is posted.")
    assert_accessible(page)

    # A reply to Amina.
    page.get_by_role("link", name="Reply to Amina K.").click()
    if js:
        reply_box = page.get_by_label("Your reply to Amina K.")
        expect(reply_box).to_be_focused()
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Reply to Amina K.")
        reply_box = page.get_by_label("Your reply to Amina K.")
    assert_accessible(page)
    reply_box.fill("There is an on-call judge for urgent warrants.")
    page.get_by_role("button", name="Post your reply").click()
    reply = _main(page, "on-call judge")
    expect(reply).to_be_visible()
    expect(page.locator(f"#replies-{objection.id}")).to_contain_text("on-call judge")
    _count(page, 3)
    _announced(page, js, "Your reply is posted.")
    if not js:  # the reply in its conversation (issue 22, defect 3), and said so
        expect(page).to_have_url(re.compile(r"/comments/\d+#comment-\d+$"))
        flash(page, "Your reply is posted.")
    assert_accessible(page)

    # Agree with Amina's comment, then change to disagree.
    amina_main = _main(page, "too long at night")
    amina_main.get_by_role("button", name=re.compile("^Agree with Amina K.'s comment")).click()
    agree = _main(page, "too long at night").get_by_role("button", name=re.compile("^Agree"))
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_contain_text("(1)")
    expect(_main(page, "too long at night")).to_contain_text("You agree.")
    _announced(page, js, "Vote recorded: you agree. 1 agree, 0 disagree.")
    if js:
        expect(agree).to_be_focused()
    assert_accessible(page)
    _main(page, "too long at night").get_by_role("button", name=re.compile("^Disagree")).click()
    disagree = _main(page, "too long at night").get_by_role("button", name=re.compile("^Disagree"))
    expect(disagree).to_have_attribute("aria-pressed", "true")
    expect(disagree).to_contain_text("(1)")
    expect(
        _main(page, "too long at night").get_by_role("button", name=re.compile("^Agree"))
    ).to_contain_text("(0)")
    _announced(page, js, "you disagree. 0 agree, 1 disagree.")
    assert_accessible(page)
    # No buttons on one's own comment: the reason instead.
    if not js:  # the vote went back to Amina's conversation; mine is on the proposal
        page.goto(f"{base_url}/proposals/{proposal.id}")
    expect(_main(page, "Judges already do this")).to_contain_text(
        "You can't vote on your own comment."
    )

    # Edit my comment.
    _main(page, "Judges already do this").get_by_role("link", name="Edit your comment").click()
    box = page.get_by_label("Your comment", exact=True).last
    if js:
        expect(box).to_be_focused()
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit your comment")
    assert_accessible(page)
    box.fill("Judges already do this for phone records, day and night.")
    page.get_by_role("button", name="Save changes").click()
    edited = _main(page, "day and night")
    expect(edited).to_be_visible()
    if js:
        expect(edited).to_be_focused()
    expect(edited.get_by_role("link", name=re.compile("^edited"))).to_be_visible()
    _announced(page, js, "Your changes are saved.")
    assert_accessible(page)
    edited.get_by_role("link", name=re.compile("^edited")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of a comment")
    expect(page.locator("main")).to_contain_text("Judges already do this for phone records.")
    assert_accessible(page)
    page.go_back()

    # Delete it: a tombstone; the count still includes it.
    if js:
        page.once("dialog", lambda dialog: dialog.accept())
    _main(page, "day and night").get_by_role("button", name="Delete your comment").click()
    tombstone = page.locator(".comment__main", has_text="deleted by its author")
    expect(tombstone).to_be_visible()
    if js:
        expect(tombstone).to_be_focused()
    expect(page.locator("main")).not_to_contain_text("day and night")
    _count(page, 3)
    _announced(page, js, "Your comment is deleted.")
    assert_accessible(page)


def test_sorting_and_show_more(page: Page, base_url, factories, js):
    consultation = factories.consultation()
    authors = [factories.user(name=f"Writer {n}") for n in range(3)]
    comments = [
        factories.comment(consultation, author=authors[n % 3], body=f"Numbered comment {n}.")
        for n in range(23)
    ]

    page.goto(f"{base_url}/consultations/{consultation.slug}/discussion")  # the hub's thread
    assert_accessible(page)
    articles = page.locator("#comment-list > article.comment")
    expect(articles).to_have_count(20)

    page.get_by_role("navigation", name="Sort comments").get_by_role("link", name="Oldest").click()
    expect(page).to_have_url(re.compile(r"sort=oldest"))
    expect(page.locator("#comments [aria-current=true]")).to_contain_text("Oldest")
    expect(articles.first).to_contain_text("Numbered comment 0.")
    assert_accessible(page)

    page.get_by_role("link", name="Show more comments").click()
    if js:
        expect(articles).to_have_count(23)  # appended in place
        expect(page.locator(f"#comment-{comments[20].id}")).to_be_focused()
    else:
        expect(articles).to_have_count(3)  # the next page
        expect(page.get_by_role("link", name="Back to the first comments")).to_be_visible()
    expect(page.locator(f"#comment-{comments[22].id}")).to_contain_text("Numbered comment 22.")
    expect(page.get_by_role("link", name="Show more comments")).to_have_count(0)
    assert_accessible(page)


def test_people_who_cannot_comment_are_told_why(page: Page, base_url, factories, js):
    closed = factories.consultation(status="closed")
    factories.comment(closed, body="Written while it was open.")
    page.goto(f"{base_url}/consultations/{closed.slug}/discussion")
    expect(page.locator("#comments")).to_contain_text(
        "Comments are closed because this consultation closed on"
    )
    expect(page.locator("#comments form")).to_have_count(0)
    assert_accessible(page)

    open_one = factories.consultation()
    page.goto(f"{base_url}/consultations/{open_one.slug}/discussion")
    page.locator("#comments").get_by_role("link", name="Sign in to comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
