"""A word-level comparison of two wordings, for showing what an edit changed."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from flask_babel import gettext as _
from markupsafe import Markup, escape

_TOKENS = re.compile(r"\s+|[^\s]+")
# Screen readers mostly ignore <del>/<ins>, so each change also says what it is in words.
_CHANGE = Markup(
    '<{tag}><span class="visually-hidden">[{label} </span>{text}'
    '<span class="visually-hidden">]</span></{tag}>'
)


def word_diff(old: str, new: str) -> Markup:
    """HTML with <del> for removed words and <ins> for added ones; all text escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if removed:
            parts.append(_CHANGE.format(tag="del", label=_("removed:"), text=removed))
        if removed and added and not (removed[-1].isspace() or added[0].isspace()):
            parts.append(" ")  # or "~~90~~30" reads as "9030"
        if added:
            parts.append(_CHANGE.format(tag="ins", label=_("added:"), text=added))
    return Markup("").join(parts)
