"""engage.text.plain_text: the one way Markdown becomes plain text, for excerpts, search
(tests/search/test_service.py) and the readability measures."""

from __future__ import annotations

import pytest

from engage import readability
from engage.text import plain_excerpt, plain_text


def test_markup_goes_and_every_block_is_a_line():
    source = (
        "# The plan\n\nSome **bold** and _slanted_ `code` ~~gone~~.\n\n"
        "- first item\n- second *item*\n\n1. one\n2. two\n\n> quoted words\n"
    )
    assert plain_text(source) == (
        "The plan\nSome bold and slanted code gone.\nfirst item\nsecond item\none\ntwo\n"
        "quoted words"
    )


def test_links_keep_their_words_and_lose_their_addresses():
    assert plain_text("Read [the law](https://example.org/law) now.") == "Read the law now."
    assert plain_text("See <https://example.org>.") == "See https://example.org."


def test_images_are_not_shown_so_they_are_not_text():
    assert plain_text("Before ![a map](map.png) after.") == "Before  after."


def test_line_breaks_inside_a_paragraph_stay_line_breaks():
    assert plain_text("one\ntwo  \nthree") == "one\ntwo\nthree"


def test_code_blocks_and_tables_keep_their_text():
    assert plain_text("```\nx = 1\ny = 2\n```") == "x = 1\ny = 2"
    assert plain_text("| a | b |\n| - | - |\n| 1 | 2 |") == "a\nb\n1\n2"


def test_entities_and_escaped_html_are_plain_characters():
    assert plain_text("Tom &amp; Jerry &lt;3 <b>raw</b> \\*not bold\\*") == (
        "Tom & Jerry <3 <b>raw</b> *not bold*"
    )


@pytest.mark.parametrize("empty", ["", None, "   \n\n"])
def test_nothing_gives_nothing(empty):
    assert plain_text(empty) == ""
    assert plain_excerpt(empty) == ""


def test_an_excerpt_is_the_plain_text_on_one_line():
    source = "# The plan\n\n- first\n- second\n\nA [link](https://x.org)."
    assert plain_excerpt(source) == "The plan first second A link."
    assert plain_excerpt(source, length=15) == "The plan first…"


def test_readability_reads_the_same_plain_text():
    source = "## Heading\n\n- item one\n- item two\n\nA [link](https://x.org) here. More!"
    assert readability.sentences_of(source) == [
        ["Heading"],
        ["item", "one"],
        ["item", "two"],
        ["A", "link", "here"],
        ["More"],
    ]
