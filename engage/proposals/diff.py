"""A word-level comparison of two wordings, for showing what an edit changed."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from engage.i18n import text_direction

_TOKENS = re.compile(r"\s+|[^\s]+")
# Screen readers mostly ignore <del>/<ins>, so each change also says what it is in words.
# The words are in the reader's language, and carry its direction: dir="auto" on the
# text around them then skips them and goes by the text itself (an Arabic clause that
# starts with a change stays right-to-left under "[removed:" in English).
_CHANGE = Markup(
    '<{tag}><span class="visually-hidden" dir="{dir}">[{label} </span>{text}'
    '<span class="visually-hidden" dir="{dir}">]</span></{tag}>'
)


def mark_change(tag: str, text: str) -> Markup:
    """<del> or <ins> around ``text`` (escaped), saying "removed:" or "added:" in words."""
    label = _("removed:") if tag == "del" else _("added:")
    direction = text_direction(str(get_locale()))
    return _CHANGE.format(tag=tag, label=label, text=text, dir=direction)


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
            parts.append(mark_change("del", removed))
        if removed and added and not (removed[-1].isspace() or added[0].isspace()):
            parts.append(" ")  # or "~~90~~30" reads as "9030"
        if added:
            parts.append(mark_change("ins", added))
    return Markup("").join(parts)
