"""Markdown to draft parts: each heading is a section, each other top-level block a clause."""

from __future__ import annotations

from engage.text import markdown_tokens


def parse_markdown(markdown: str | None) -> list[tuple[str, str]]:
    """[(kind, text)] in document order; kind is "section" or "clause".

    The blocks are the ones a Markdown reader sees (markdown-it's top-level tokens), so a
    list (tight or loose), a code fence with ``#`` lines, a block quote or a table stays
    one clause, written as in the source so it renders as written. Every heading, at any
    level, starts a section. Lines no block covers (link definitions) are kept as a clause.
    """
    lines = (markdown or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tokens = markdown_tokens("\n".join(lines))
    parts: list[tuple[str, str]] = []
    covered = 0  # the first line no block has taken yet
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        start, end = token.map
        _clause(parts, lines[covered:start])
        if token.type == "heading_open":
            title = tokens[index + 1].content.strip()
            if title:
                parts.append(("section", title))
        else:
            _clause(parts, lines[start:end])
        covered = end
    _clause(parts, lines[covered:])
    return parts


def _clause(parts: list[tuple[str, str]], lines: list[str]) -> None:
    """Blank lines around the block go; indentation stays (it can be code), and so do the
    trailing spaces that make a hard line break inside it."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    while lines and not lines[0].strip():
        lines = lines[1:]
    if lines:
        parts.append(("clause", "\n".join(lines).rstrip()))
