"""Markdown to draft parts: each heading is a section, each paragraph (block) a clause."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_BLANK = re.compile(r"\n\s*\n")


def parse_markdown(markdown: str) -> list[tuple[str, str]]:
    """[(kind, text)] in document order; kind is "section" or "clause".

    A block is what blank lines separate; a heading line inside a block starts a new
    section and the lines after it form the next clause. Lists and quotes stay whole,
    as one clause, so the clause's Markdown renders as written.
    """
    parts: list[tuple[str, str]] = []
    text = (markdown or "").replace("\r\n", "\n").replace("\r", "\n")
    for block in _BLANK.split(text):
        lines: list[str] = []
        for line in block.split("\n"):
            heading = _HEADING.match(line)
            if heading:
                _flush(parts, lines)
                lines = []
                if heading.group("text"):
                    parts.append(("section", heading.group("text")))
            else:
                lines.append(line)
        _flush(parts, lines)
    return parts


def _flush(parts: list[tuple[str, str]], lines: list[str]) -> None:
    body = "\n".join(lines).strip()
    if body:
        parts.append(("clause", body))
