"""User text to HTML: Markdown in, only safe HTML out."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from markupsafe import Markup

from engage import text
from engage.text import plain_excerpt, render_markdown


class Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    @property
    def tags(self) -> set[str]:
        return {tag for tag, _ in self.found}

    @property
    def attributes(self) -> set[str]:
        return {name for _, attrs in self.found for name in attrs}

    @property
    def hrefs(self) -> list[str]:
        return [attrs["href"] or "" for tag, attrs in self.found if "href" in attrs]


def test_the_element_parser_sees_real_markup():
    parsed = Elements('<p><img src="x" onerror="y"><a href="javascript:z">a</a></p>')
    assert parsed.tags == {"p", "img", "a"}
    assert "onerror" in parsed.attributes
    assert parsed.hrefs == ["javascript:z"]


def test_plain_markdown_is_kept():
    html = render_markdown("Some **bold**, some *italic* and ~~struck~~ text.")
    assert isinstance(html, Markup)
    assert html == Markup(
        "<p>Some <strong>bold</strong>, some <em>italic</em> and <s>struck</s> text.</p>\n"
    )


def test_links_are_kept_with_nofollow_ugc():
    html = render_markdown("[the plan](https://example.org/plan)")
    assert 'href="https://example.org/plan"' in html
    assert 'rel="nofollow ugc noopener"' in html
    assert ">the plan</a>" in html


def test_bare_urls_become_nofollow_links():
    html = render_markdown("See https://example.org/x for more.")
    assert '<a href="https://example.org/x" rel="nofollow ugc noopener">' in html


def test_headings_start_at_h2():
    html = render_markdown("# Title\n\n## Section\n\nText")
    assert "<h1" not in html
    assert "<h2>Title</h2>" in html
    assert "<h2>Section</h2>" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> world",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "```\n</code><script>alert(1)</script>\n```",
    ],
)
def test_scripts_never_survive(source):
    assert "script" not in Elements(render_markdown(source)).tags


@pytest.mark.parametrize(
    "source",
    [
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        '<p onmouseover="alert(1)">hover</p>',
        "![x](https://example.org/x.png)",
    ],
)
def test_event_handlers_and_images_are_removed(source):
    parsed = Elements(render_markdown(source))
    assert "img" not in parsed.tags
    assert not [name for name in parsed.attributes if name.startswith("on")]


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_links_lose_their_href(source):
    for href in Elements(render_markdown(source)).hrefs:
        assert href.strip().lower().startswith(("http:", "https:", "mailto:")), href


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown('<a href="javascript:alert(1)">x</a> <b>bold?</b>')
    assert "<a " not in html
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_styles_and_iframes_are_removed():
    html = render_markdown('<style>body{}</style><iframe src="https://evil.example"></iframe>')
    assert not Elements(html).tags & {"style", "iframe"}
    assert not Elements(render_markdown('<p style="color:red">x</p>')).attributes


def test_sanitizer_also_cleans_html_that_reaches_it(monkeypatch):
    """bleach is the second wall: even if the parser let HTML through, it is cleaned."""
    monkeypatch.setattr(text, "_markdown", MarkdownIt("commonmark", {"html": True}))
    html = render_markdown(
        '<img src=x onerror="alert(1)"><script>alert(1)</script>'
        '<a href="javascript:alert(1)" onclick="x()">link</a> <b>b</b> <em>kept</em>'
    )
    parsed = Elements(html)
    assert not parsed.tags & {"img", "script", "b"}
    assert "em" in parsed.tags
    assert not [name for name in parsed.attributes if name.startswith("on")]
    assert all(not h.lower().startswith("javascript") for h in parsed.hrefs)


def test_empty_text_is_empty_markup():
    assert render_markdown("") == Markup("")
    assert render_markdown(None) == Markup("")


def test_excerpt_is_plain_and_cut_at_a_word():
    source = "# Heading\n\nSome **bold** words " + "and more words " * 30
    excerpt = plain_excerpt(source, length=60)
    assert "<" not in excerpt and "*" not in excerpt
    assert excerpt.startswith("Heading Some bold words")
    assert excerpt.endswith("…")
    assert len(excerpt) <= 61


def test_excerpt_is_text_that_templates_escape_once(app):
    assert plain_excerpt('Tom & Jerry <3 "quotes"') == 'Tom & Jerry <3 "quotes"'
    assert plain_excerpt("<script>x</script>short") == "<script>x</script>short"
    rendered = app.jinja_env.from_string("{{ s | excerpt }}").render(s="Tom & Jerry <script>")
    assert rendered == "Tom &amp; Jerry &lt;script&gt;"


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("`a < b`", "<code>a &lt; b</code>"),
        ("`a & b`", "<code>a &amp; b</code>"),
        ("`&amp;`", "<code>&amp;amp;</code>"),
        ("```\nif a < b && c > d:\n```", "<code>if a &lt; b &amp;&amp; c &gt; d:\n</code>"),
        ("`https://example.org/?a=1&b=2`", "<code>https://example.org/?a=1&amp;b=2</code>"),
    ],
)
def test_code_is_escaped_exactly_once(source, shown):
    """Security finding 11: code spans showed ``a &lt; b`` (escaped twice), and no link in code."""
    html = render_markdown(source)
    assert shown in html
    assert "<a " not in html


def test_links_and_escapes_outside_code_are_unchanged_next_to_code():
    html = render_markdown("x < y, `a < b` and https://example.org/?a=1&b=2")
    assert "x &lt; y, <code>a &lt; b</code> and " in html
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="nofollow ugc noopener">' in html
