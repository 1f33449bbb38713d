"""Charts: every label whole and clear of its value, one heading per chart, a legend when
colours mean something, mirrored in Arabic (issue 22, defect 22). The browser check of
the drawn boxes is tests/e2e/test_chart_layout.py."""

from __future__ import annotations

import html
import re

import pytest

from engage.outcomes.charts import WIDTH, layout, text_width, wrap
from tests.outcomes.chart_world import LONG_DEPARTMENT, chart_world


def figures(page: str) -> list[str]:
    return re.findall(r"<figure class=\"chart.*?</figure>", page, re.S)


def svg_texts(figure: str) -> str:
    svg = re.search(r"<svg class=\"chart-svg\".*?</svg>", figure, re.S).group(0)
    svg = re.sub(r"<title.*?</title>", "", svg, flags=re.S)
    return html.unescape(" ".join(re.findall(r">([^<>]+)<", svg)))


@pytest.fixture
def outcome_page(client, factories):
    consultation = chart_world(factories)
    return client.get(f"/consultations/{consultation.slug}/outcome").get_data(as_text=True)


def test_each_chart_has_one_heading_naming_the_chart_and_its_table(outcome_page):
    charts = figures(outcome_page)
    assert len(charts) == 2
    for figure in charts:
        headings = re.findall(r"<(h[2-6]|caption)\b[^>]*>(.*?)</\1>", figure, re.S)
        assert len(headings) == 1, headings
        heading_id = re.search(r'<h[2-6] id="([^"]+)"', figure).group(1)
        assert f'<table class="table chart-table" aria-labelledby="{heading_id}">' in figure
        assert f'<figure class="chart stack" aria-labelledby="{heading_id}">' in figure


def test_labels_are_whole_not_cut_off(client, factories):
    chart_world(factories)
    page = client.get("/accountability").get_data(as_text=True)
    (figure,) = figures(page)
    # Wrapped over lines, but every word is there and nothing is replaced by "…".
    assert " ".join(LONG_DEPARTMENT.split()) in svg_texts(figure)
    assert "…" not in svg_texts(figure)


def test_the_answers_chart_has_a_legend_for_its_colours_and_the_channels_none(outcome_page):
    channels, answers = figures(outcome_page)
    tones = set(re.findall(r'<rect class="chart-bar chart-bar--([\w-]+)" x=', answers))
    assert len(tones) > 1, "the answers are coloured by what became of them"
    legend = re.search(r'<ul class="chart-legend.*?</ul>', answers, re.S).group(0)
    assert set(re.findall(r"chart-bar--([\w-]+)", legend)) == tones
    assert "Taken up, in whole or in part" in legend and "Not taken up" in legend
    assert len(set(re.findall(r'class="chart-bar chart-bar--([\w-]+)"', channels))) == 1
    assert "chart-legend" not in channels


def test_a_label_beside_its_bar_leaves_room_for_the_longest_label():
    chart = layout([("Not answered", 0), ("Online", 12)])
    assert chart.beside
    room = text_width("Not answered")
    for row in chart.rows:
        assert row.bar_x >= room, "bars start after the longest label"
        assert row.value_at.x >= row.bar_x + row.bar_width
        assert row.value_at.x + text_width(row.value) <= WIDTH


def test_long_labels_go_above_their_bars_wrapped_inside_the_width():
    chart = layout([(LONG_DEPARTMENT, 100), ("Parks", 40)])
    assert not chart.beside
    first = chart.rows[0]
    assert len(first.lines) > 1
    assert all(text_width(line.text) <= WIDTH for line in first.lines)
    assert max(line.y for line in first.lines) < first.bar_y
    assert wrap("a " * 3, 1000) == ["a a a"]


def test_in_arabic_the_bars_grow_from_the_right(client, factories):
    chart = layout([("مقبول", 10), ("مرفوض", 5)], rtl=True)
    room = max(text_width("مقبول"), text_width("مرفوض"))
    for row in chart.rows:
        assert row.lines[0].x == WIDTH, "labels start at the right edge"
        assert row.bar_x + row.bar_width <= WIDTH - room, "bars end left of the labels"
        assert row.value_at.x <= row.bar_x, "values sit at the bars' left end"
    consultation = chart_world(factories)
    client.set_cookie("lang", "ar")
    page = client.get(f"/consultations/{consultation.slug}/outcome").get_data(as_text=True)
    assert 'lang="ar"' in page
    assert 'class="chart-label" direction="rtl"' in figures(page)[0]


def test_the_drawing_escapes_every_text_and_mirrors_in_arabic():
    """The bars are drawn in Python (charts.svg_rows): a label or value with markup in it
    comes out as text, and a right-to-left chart says so on every text."""
    from engage.outcomes.charts import svg_rows

    drawn = str(svg_rows(layout([('<script>alert("x")</script> & co', 3), ("b", 7, "tone")])))
    assert "<script>" not in drawn
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in drawn
    assert drawn.count('<g class="chart-row">') == 2
    assert 'class="chart-bar chart-bar--tone"' in drawn
    mirrored = str(svg_rows(layout([("مقبول", 3)], rtl=True)))
    assert 'direction="rtl"' in mirrored and 'direction="ltr"' not in mirrored
