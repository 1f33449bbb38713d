"""The one place user text becomes HTML: Markdown, then an allow-list sanitizer."""

from __future__ import annotations

import re
import threading
from functools import lru_cache, partial

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS, LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

# Raw HTML in the source is escaped by the parser; bleach is the second wall.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table").enable("strikethrough")

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "del",
        "s",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "th": ["align"],
    "td": ["align"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Rendering is a pure function of the text and costs 1-2 ms (mostly bleach), so each
# worker keeps the most recent results: a busy page's comments are rendered once, not on
# every view. An edit changes the text, so it can never be served stale. About 2 KB each.
CACHE_SIZE = 4096


def _nofollow(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


# Clean and linkify in one pass: linkify runs as a filter on the cleaned token stream.
# Calling bleach.linkify on cleaned HTML with skip_tags escaped the text inside code
# twice (``a < b`` showed as ``a &lt; b``); the filter sees each character once.
def _new_cleaner() -> bleach.Cleaner:
    linkify = partial(
        LinkifyFilter, callbacks=[*DEFAULT_CALLBACKS, _nofollow], skip_tags={"pre", "code"}
    )
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[linkify],
    )


# A Cleaner's parser keeps state while it works, so each thread has its own.
_local = threading.local()


def _clean(html: str) -> str:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _new_cleaner()
    return cleaner.clean(html)


def render_markdown(source: str | None) -> Markup:
    """Markdown written by a person -> safe HTML. Headings start at h2 (pages own the h1)."""
    if not source:
        return Markup("")
    return _render_markdown(source)


@lru_cache(maxsize=CACHE_SIZE)
def _render_markdown(source: str) -> Markup:
    html = _markdown.render(source)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(_clean(html))  # noqa: S704 - sanitized here


def markdown_tokens(source: str) -> list[Token]:
    """The block and inline tokens of Markdown, parsed exactly as it is rendered."""
    return _markdown.parse(source)


def plain_text(source: str | None) -> str:
    """Markdown as a reader sees it, without markup: one line per heading, paragraph, list
    item or table cell (and per line break inside them), link text without its address,
    code as written. Images are not shown on pages, so they are not text either."""
    if not source:
        return ""
    lines: list[str] = []
    for token in _markdown.parse(source):
        if token.type == "inline":
            lines.append("".join(_inline_text(token.children or [])))
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(line for line in lines if line.strip())


def _inline_text(children: list[Token]):
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield "\n"


def plain_excerpt(source: str | None, length: int = 200) -> str:
    """The plain text on one line, shortened at a word boundary, for lists and previews."""
    if not source:
        return ""
    return _plain_excerpt(source, length)


@lru_cache(maxsize=CACHE_SIZE)
def _plain_excerpt(source: str, length: int) -> str:
    text = " ".join(plain_text(source).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: none
# belongs in a line of text, and any of them can end a line in an email header or a log.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_EXCEPT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True if ``value`` holds a control character; ``multiline`` allows tabs and line ends."""
    return bool((_CONTROL_EXCEPT_LINES if multiline else _CONTROL).search(value))


def one_line(value: str) -> str:
    """``value`` on one line: control characters and line breaks become single spaces."""
    return " ".join(_CONTROL.sub(" ", value).split())


# Two full stops that are not an ellipsis: a sentence that ends with a public name which
# ends with one ("Lena W.") would otherwise read "signed in as Lena W..".
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def one_full_stop(sentence: str) -> str:
    """The sentence with a doubled full stop made one (Markup stays Markup)."""
    tidy = _DOUBLED_STOP.sub(".", sentence)
    return Markup(tidy) if isinstance(sentence, Markup) else tidy  # noqa: S704 (was Markup)
