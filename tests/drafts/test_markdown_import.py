"""Importing a Markdown document into draft parts: the blocks a Markdown reader sees, so
lists, code and quotes stay one clause each and only real headings start sections."""

from __future__ import annotations

from engage.drafts import queries
from engage.drafts.markdown_import import parse_markdown
from tests.factories import login, post_form


def test_a_tight_list_is_one_clause():
    assert parse_markdown("Intro.\n\n- one\n- two\n- three\n") == [
        ("clause", "Intro."),
        ("clause", "- one\n- two\n- three"),
    ]


def test_a_loose_list_is_one_clause_not_one_per_item():
    assert parse_markdown("- a\n\n- b") == [("clause", "- a\n\n- b")]
    ordered = "1. First duty.\n\n   Still the first.\n\n2. Second duty.\n"
    assert parse_markdown(ordered) == [("clause", ordered.rstrip())]


def test_hash_lines_inside_a_code_fence_are_code_not_sections():
    fence = "```\n# not a heading\n\nstill code\n```"
    assert parse_markdown(f"## Settings\n\n{fence}\n\nAfter.") == [
        ("section", "Settings"),
        ("clause", fence),
        ("clause", "After."),
    ]
    tildes = "~~~text\n# also code\n~~~"
    assert parse_markdown(tildes) == [("clause", tildes)]


def test_an_indented_code_block_keeps_its_indentation():
    assert parse_markdown("Example:\n\n    # comment\n    run()\n") == [
        ("clause", "Example:"),
        ("clause", "    # comment\n    run()"),
    ]


def test_nested_headings_each_start_a_section_in_document_order():
    source = "# Policy\n\n## Scope\n\nWho.\n\n### Exceptions\n\nNone.\n\n## Review ##\n\nYearly."
    assert parse_markdown(source) == [
        ("section", "Policy"),
        ("section", "Scope"),
        ("clause", "Who."),
        ("section", "Exceptions"),
        ("clause", "None."),
        ("section", "Review"),
        ("clause", "Yearly."),
    ]


def test_a_heading_right_after_a_paragraph_still_starts_a_section():
    assert parse_markdown("Text before.\n# Next\nText after.") == [
        ("clause", "Text before."),
        ("section", "Next"),
        ("clause", "Text after."),
    ]


def test_underlined_headings_are_sections():
    assert parse_markdown("Purpose\n=======\n\nWhy.") == [
        ("section", "Purpose"),
        ("clause", "Why."),
    ]


def test_a_block_quote_is_one_clause_even_with_a_heading_or_blank_lines_inside():
    quote = "> # Quoted title\n>\n> Quoted text.\n>\n> More."
    assert parse_markdown(f"{quote}\n\nOwn text.") == [
        ("clause", quote),
        ("clause", "Own text."),
    ]


def test_tables_and_windows_line_endings():
    table = "| a | b |\n| - | - |\n| 1 | 2 |"
    assert parse_markdown("# T\r\n\r\n" + table.replace("\n", "\r\n")) == [
        ("section", "T"),
        ("clause", table),
    ]


def test_empty_headings_and_blank_input_give_nothing():
    assert parse_markdown("") == []
    assert parse_markdown(None) == []
    assert parse_markdown("#\n\n   \n") == []


def test_text_markdown_ignores_is_kept_rather_than_lost():
    """A link definition renders nothing by itself, but it is the official's text: kept."""
    assert parse_markdown("See [the law][1].\n\n[1]: https://example.org/law") == [
        ("clause", "See [the law][1]."),
        ("clause", "[1]: https://example.org/law"),
    ]


def test_a_hard_line_break_inside_a_clause_survives():
    assert parse_markdown("Line one  \nline two.   \n\n") == [("clause", "Line one  \nline two.")]


def test_an_official_importing_lists_and_code_gets_one_clause_each(factories, client):
    official = factories.user("official")
    consultation = factories.consultation(official=official)
    login(client, official)
    base = f"/consultations/{consultation.slug}/draft"
    client.get(base)
    document = "# Rules\n\n- keep logs\n\n- publish them\n\n```\n# a shell comment\n```\n"
    response = post_form(
        client,
        f"{base}/import",
        {"title": "Sensor rules", "markdown": document},
        form_url=f"{base}/edit",
    )
    assert response.status_code == 303
    draft = queries.draft_for(consultation)
    assert [(p.kind, p.number, p.text) for p in queries.working_copy(draft)] == [
        ("section", 1, "Rules"),
        ("clause", 1, "- keep logs\n\n- publish them"),
        ("clause", 2, "```\n# a shell comment\n```"),
    ]
