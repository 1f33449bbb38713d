"""A published version as Markdown: headings for sections, numbered clauses."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from engage.dates import when
from engage.drafts.models import ClauseVersion, Draft, DraftVersion

# Clause text that starts with a block (list, quote, heading, code) gets its number on a
# line of its own, so the block still renders as written.
_BLOCK_START = re.compile(r"^\s*([-*+>#]|\d+[.)]|```)")


def markdown(draft: Draft, version: DraftVersion, parts: list[ClauseVersion]) -> str:
    lines = [
        f"# {version.title}",
        "",
        _(
            "Version %(number)s, published %(date)s.",
            number=version.number,
            date=when(version.published_at),
        ),
        "",
    ]
    if version.note:
        lines += [version.note, ""]
    for part in parts:
        if part.is_section:
            lines += [f"## {part.text}", ""]
        elif _BLOCK_START.match(part.text):
            lines += [f"**{part.number}.**", "", part.text, ""]
        else:
            lines += [f"**{part.number}.** {part.text}", ""]
    return "\n".join(lines).rstrip() + "\n"
