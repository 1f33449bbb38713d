"""The consultation page as a hub (issue 22): a summary of where the conversation stands,
and its parts (details, proposals, draft, discussion, results) as pages of their own that
work without JavaScript, reached by a tab bar of links."""

from __future__ import annotations

import re

import pytest

from engage.drafts.queries import clause_by_number
from engage.extensions import db
from engage.moderation import intake
from engage.proposals.models import ProposalStatus
from tests.comments.helpers import post_comment
from tests.consultations.helpers import HX, text
from tests.factories import login


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


def _counts(page: str) -> list[str]:
    """The summary's "So far" counts, as the reader sees them."""
    block = _between(page, 'class="hub-counts', "</ul>")
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block)]


def test_the_summary_counts_what_anyone_may_read(client, factories):
    c = factories.consultation("open")
    popular, modest = factories.proposal(c, title="Popular idea"), factories.proposal(c)
    for _ in range(3):
        factories.support(popular)
    factories.support(modest)
    withdrawn = factories.proposal(c, title="Withdrawn idea")
    factories.support(withdrawn)
    withdrawn.status = ProposalStatus.WITHDRAWN
    spam = factories.proposal(c, title="Buy my magic pills")
    for _ in range(2):
        factories.support(spam)
    for _ in range(3):  # hidden after three reports: neither it nor its supports count
        intake.report(factories.user(), spam, "spam")
    db.session.commit()

    on_consultation = factories.comment(c)
    factories.comment(parent=on_consultation)  # a reply
    factories.comment(popular)
    factories.comment(c, status="deleted")  # a tombstone is not counted

    draft = factories.draft(c)
    factories.amendment(clause_by_number(draft, 1))
    factories.amendment(clause_by_number(draft, 2))
    factories.amendment(clause_by_number(draft, 2), visibility="hidden")

    page = text(client.get(f"/consultations/{c.slug}"))
    # 4 proposals, as the list has them (the withdrawn one, and the hidden one as its
    # placeholder); 3 + 1 + 1 supports (not the hidden one's); 3 published comments (on
    # the consultation and its proposals); 2 amendments (not the hidden one).
    assert _counts(page) == [
        "4 proposals",
        "5 supports for proposals",
        "3 comments",
        "2 amendments to the draft",
    ]
    top = _between(page, 'class="stack hub-top"', "</ol>")
    assert top.index("Popular idea") < top.index(modest.title)
    assert "Withdrawn idea" not in top and "magic pills" not in page
    assert "See all 4 proposals" in page
    # The consultation's own thread, as its page counts it: the comment, the reply and
    # the tombstone (which keeps its place among the replies).
    assert "3 comments on the consultation as a whole." in page
    assert "Proposals (4)" in page and "Discussion (3)" in page  # the tabs say so too
    discussion = text(client.get(f"/consultations/{c.slug}/discussion"))
    assert 'Comments <span id="comments-count">(3)</span>' in discussion


def test_the_summary_says_status_dates_the_question_and_the_time_left(client, factories):
    open_one = factories.consultation("open", summary="Should cameras *read* plates?")
    page = text(client.get(f"/consultations/{open_one.slug}"))
    summary = _between(page, 'id="summary-heading"', 'class="hub-summary__parts"')
    assert "Should cameras <em>read</em> plates?" in summary
    assert "Open — <strong>3 weeks left</strong>" in summary  # closes in 20 days
    assert "From " in summary and " to " in summary
    upcoming = factories.consultation("upcoming")
    assert "Opens in 5 days" in text(client.get(f"/consultations/{upcoming.slug}"))
    closed = factories.consultation("closed")
    assert "Closed 1 week ago" in text(client.get(f"/consultations/{closed.slug}"))


def _tabs(page: str) -> dict[str, bool]:
    """Each tab's link text, and whether it is marked as the current page."""
    nav = _between(page, '<nav class="hub-nav"', "</nav>")
    return {
        re.sub(r"<[^>]+>", "", label).strip(): "aria-current" in attrs
        for attrs, label in re.findall(r"<a ([^>]*)>(.*?)</a>", nav)
    }


@pytest.mark.parametrize(
    "path, current, shows",
    [
        ("", "Overview", ["At a glance", "The details", "How your input will be used"]),
        ("/proposals", "Proposals (1)", ["Readable idea", "Most supported"]),
        ("/discussion", "Discussion (1)", ["A comment on the whole.", "Sort by:"]),
    ],
)
def test_each_part_is_a_page_of_its_own_without_javascript(client, factories, path, current, shows):
    c = factories.consultation("open")
    factories.proposal(c, title="Readable idea")
    factories.comment(c, body="A comment on the whole.")
    factories.draft(c)
    response = client.get(f"/consultations/{c.slug}{path}")  # a plain request, no htmx
    assert response.status_code == 200
    page = text(response)
    assert page.count("<h1") == 1 and "<html" in page
    for words in shows:
        assert words in page, words
    tabs = _tabs(page)
    assert list(tabs) == ["Overview", "Proposals (1)", "Draft text", "Discussion (1)"]
    assert [label for label, is_current in tabs.items() if is_current] == [current]
    assert f'href="/consultations/{c.slug}/draft"' in page


def test_results_appear_once_the_outcome_is_published(client, factories):
    c = factories.consultation("outcome")
    page = text(client.get(f"/consultations/{c.slug}"))
    assert "Results" in _tabs(page)
    assert f'<a href="/consultations/{c.slug}/outcome">Results</a>' in page
    still_open = factories.consultation("open")
    assert "Results" not in _tabs(text(client.get(f"/consultations/{still_open.slug}")))


def test_old_addresses_and_anchors_still_lead_somewhere(client, factories):
    c = factories.consultation("open")
    page = text(client.get(f"/consultations/{c.slug}"))
    # Old links to #proposals and #comments land on the summary's parts of those names.
    assert re.search(r'<section id="proposals"[^>]*>\s*<h3[^>]*>Most supported proposals', page)
    assert re.search(r'<section id="comments"[^>]*>\s*<h3[^>]*>Comments', page)
    assert f'data-discussion-url="/consultations/{c.slug}/discussion"' in page  # #comment-N
    moved = client.get(f"/consultations/{c.slug}?sort=newest")
    assert moved.status_code == 301
    assert moved.headers["Location"] == f"/consultations/{c.slug}/discussion?sort=newest"
    moved = client.get(f"/consultations/{c.slug}?proposals=newest")
    assert moved.headers["Location"] == f"/consultations/{c.slug}/proposals?proposals=newest"


def test_a_comment_posted_without_javascript_is_shown_on_the_discussion_page(client, factories):
    c = factories.consultation("open")
    login(client, factories.user())
    response = post_comment(client, c, body="Where does the data go?")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(rf"/consultations/{c.slug}/discussion(\?[^#]*)?#comment-\d+", location)
    page = text(client.get(location))
    assert f'id="{location.split("#")[1]}"' in page and "Where does the data go?" in page


def test_a_targeted_swap_of_a_part_gets_just_its_fragment(client, factories):
    c = factories.consultation("open")
    factories.comment(c, body="Swapped in.")
    swap = text(client.get(f"/consultations/{c.slug}/discussion", headers=HX))
    assert "<main" not in swap and swap.lstrip().startswith('<section id="comments"')
    assert "Swapped in." in swap
