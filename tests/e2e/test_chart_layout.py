"""Issue 22, defect 22, in a real browser: on the outcome report and the accountability
dashboard, in English and Arabic, wide and at 320 px, no chart label runs into its value
or out of the chart, bars grow from the reading side, and each chart has one heading."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from engage.i18n import LANG_COOKIE
from tests.e2e.axe import assert_accessible
from tests.outcomes.chart_world import chart_world

# For each row of each chart: the boxes of its label, bar and value, and the chart's; and
# how many visible elements show the chart's title as their own text (its headings).
BOXES = """() => Array.from(document.querySelectorAll('figure.chart'), figure => {
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const own = el => Array.from(el.childNodes).filter(n => n.nodeType === 3)
    .map(n => n.textContent).join('').trim();
  const title = document.getElementById(figure.getAttribute('aria-labelledby')).textContent.trim();
  const svg = figure.querySelector('svg.chart-svg');
  const all = selector => Array.from(svg.querySelectorAll(selector));
  const [labels, bars, values] = ['.chart-label', 'rect.chart-bar', '.chart-value'].map(all);
  return {
    svg: box(svg),
    headings: Array.from(figure.querySelectorAll('*'))
      .filter(el => el.getClientRects().length && own(el) === title).length,
    rows: labels.map((label, n) => ({
      label: box(label), text: label.textContent, bar: box(bars[n]), value: box(values[n]),
    })),
  };
})"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [1280, 320])
def test_chart_labels_stay_clear_of_their_values_and_inside_the_chart(
    page: Page, base_url, factories, lang, width
):
    consultation = chart_world(factories)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": base_url}])
    checked = 0
    for path in (f"/consultations/{consultation.slug}/outcome", "/accountability"):
        page.goto(base_url + path)
        charts = page.evaluate(BOXES)
        assert charts, f"no chart on {path}"
        for chart in charts:
            assert chart["headings"] == 1, f"{path}: {chart['headings']} headings on one chart"
            for row in chart["rows"]:
                where = f"{lang} {width}px {path} {row['text']!r}"
                assert not _overlap(row["label"], row["value"]), f"{where}: label hits value"
                assert _inside(row["label"], chart["svg"]), f"{where}: label leaves the chart"
                assert _inside(row["value"], chart["svg"]), f"{where}: value leaves the chart"
                bar, label = row["bar"], row["label"]
                if lang == "ar" and label["bottom"] > bar["top"]:  # label beside its bar
                    assert bar["right"] <= label["left"] + 0.5, f"{where}: bar not mirrored"
                elif label["bottom"] > bar["top"]:
                    assert bar["left"] >= label["right"] - 0.5, f"{where}: bar under label"
                checked += 1
        assert_accessible(page)
    assert checked >= 11  # 4 channels, 6 kinds of answer, 1 department
