"""Bar charts laid out on the server, for SVG: room for each label from its estimated width.

The browser measures text only once it draws it, and these charts are drawn without
script, so the widths are estimated here, per character, from the widest of the fonts
the site's font stack falls back to (DejaVu Sans at 14 px), with a margin. A label that
fits beside its bar goes there; otherwise every label goes on its own line(s) above its
bar, wrapped, never cut. In a right-to-left language the chart is mirrored: labels on
the right, bars growing to the left, values at their left end.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

WIDTH = 320  # the drawing's width; it scales down to the column at narrow widths
FONT_PX = 14
LINE = 18  # the height of one line of label text
BAR = 16  # a bar's thickness
GAP = 8  # between a label and its bar, and a bar and its value
BESIDE_AT_MOST = 0.42  # labels go beside the bars if all fit in this share of the width
MARGIN = 1.08  # estimates run this much over the measured widths, for fonts we did not try

# Advance widths in em, from DejaVu Sans (wider than Liberation Sans / Arial, Roboto and
# Segoe UI, so a label never needs more room than this says).
_NARROW = dict.fromkeys(" ijl.,:;'|I", 0.32)
_SLIM = dict.fromkeys('frtJ()[]-/\\"!`', 0.46)
_WIDE = {"m": 0.98, "w": 0.82, "M": 0.87, "W": 0.99, "%": 0.95, "@": 1.0}
_EM = {**_NARROW, **_SLIM, **_WIDE}


@lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    if char in _EM:
        return _EM[char]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf"):
        return 0.0  # Arabic vowel marks, joiners: no advance of their own
    if char.isascii():
        if char.isupper():
            return 0.79
        if char.isalnum():
            return 0.64
        return 0.84  # + = < > # ~ ^ and friends
    if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
        return 0.62  # Arabic letters; joined words average less, short ones up to 0.66
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.7  # accented Latin and the rest


@lru_cache(maxsize=8192)
def text_width(text: str, size: float = FONT_PX) -> float:
    """The estimated width of ``text`` in pixels, with room to spare."""
    return sum(_char_em(c) for c in text) * size * MARGIN + 2


def wrap(text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (by estimate), broken between words,
    and inside a word only when the word alone is wider."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    if line or not lines:
        lines.append(line)
    return lines


@dataclass
class Text:
    x: float
    y: float
    text: str


@dataclass
class Row:
    label: str
    value: str
    tone: str
    lines: list[Text]
    bar_x: float
    bar_y: float
    bar_width: float
    value_at: Text


@dataclass
class Layout:
    width: int
    height: int
    rtl: bool
    beside: bool
    rows: list[Row] = field(default_factory=list)

    @property
    def tones(self) -> list[str]:
        return list(dict.fromkeys(row.tone for row in self.rows))


def layout(rows: list[tuple], rtl: bool = False, width: int = WIDTH) -> Layout:
    """Positions for a horizontal bar chart of ``rows``: (label, value) or (label, value,
    tone), the tone naming the bar's colour class."""
    items = [(str(r[0]), r[1], r[2] if len(r) > 2 else "default") for r in rows]
    top = max((value for _, value, _ in items), default=0) or 1
    value_room = max((text_width(str(value)) for _, value, _ in items), default=0)
    label_room = max((text_width(label) for label, _, _ in items), default=0)
    beside = label_room <= width * BESIDE_AT_MOST
    bar_start = label_room + GAP if beside else 0
    bar_room = max(width - bar_start - GAP - value_room, 0)

    chart = Layout(width=width, height=0, rtl=rtl, beside=beside)
    y = 4.0
    for label, value, tone in items:
        lines = [label] if beside else wrap(label, width)
        label_texts = [Text(0, y + 15 + n * LINE, line) for n, line in enumerate(lines)]
        bar_y = y + 5 if beside else y + len(lines) * LINE + 4
        bar_width = bar_room * value / top
        value_at = Text(bar_start + bar_width + GAP, bar_y + 13, str(value))
        row = Row(label, str(value), tone, label_texts, bar_start, bar_y, bar_width, value_at)
        chart.rows.append(_mirrored(row, width) if rtl else row)
        y = (y + 28) if beside else (bar_y + BAR + 12)
    chart.height = int(y + 2)
    return chart


def _mirrored(row: Row, width: int) -> Row:
    """The row for a right-to-left page: every x measured from the right edge."""
    row.lines = [Text(width - t.x, t.y, t.text) for t in row.lines]
    row.value_at = Text(width - row.value_at.x, row.value_at.y, row.value_at.text)
    row.bar_x = width - row.bar_x - row.bar_width
    return row


# The bars, labels and values of the drawing, as the chart macro
# (templates/outcomes/_charts.html) places them. Drawn here rather than in the macro: a
# survey's results page redraws some thirty charts after answers that change them all,
# and a Jinja loop with a format filter per number took most of that page's time
# (issue 17). Every text is escaped; the numbers are formatted floats.
def svg_rows(chart: Layout) -> Markup:
    """The chart's rows as SVG elements, one ``<g>`` a line."""
    direction = "rtl" if chart.rtl else "ltr"
    rows = []
    for row in chart.rows:
        label = "".join(
            f'<tspan x="{t.x:.1f}" y="{t.y:.1f}">{escape(t.text)}</tspan>' for t in row.lines
        )
        rows.append(
            f'<g class="chart-row"><text class="chart-label" direction="{direction}">{label}</text>'
            f'<rect class="chart-bar chart-bar--{escape(row.tone)}" x="{row.bar_x:.1f}"'
            f' y="{row.bar_y:.1f}" width="{row.bar_width:.1f}" height="16" rx="2"></rect>'
            f'<text class="chart-value" direction="{direction}" x="{row.value_at.x:.1f}"'
            f' y="{row.value_at.y:.1f}">{escape(row.value)}</text></g>'
        )
    return Markup("\n".join(rows))  # noqa: S704 - every text in it escaped above
