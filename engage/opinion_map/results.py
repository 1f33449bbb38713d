"""The results page's content: the latest analysis (engage.opinion_map.recompute stores
it; nothing is computed in a request), the statements it names, the reader's place, and
the map laid out for SVG on the server.

Everything the map draws (each group's region, label and size, and the reader's mark) is
also in the page's tables, from the same values: ``MapLayout`` is built once and both use it.

At scale (1,000 statements) the lists of consensus, divisive and uncertain statements run
to hundreds of rows: each shows its first ``LIST_LENGTH`` (the strongest first) with a
link to show them all (``?all=divisive``). Only the statements shown are read, and what
every reader sees the same (the map's regions, the lists and group tables) is rendered
once per analysis and language and kept (engage.fragments); the reader's own mark and
sentence are added live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from engage.opinion_map import queries, recompute
from engage.opinion_map.participants import participant_key

if TYPE_CHECKING:
    from engage.consultations.models import Consultation
    from engage.opinion_map.models import OpinionMap

# The drawing's own units (the SVG scales to the page's width).
WIDTH, HEIGHT, MARGIN = 640, 400, 48
SUMMARY_CONSENSUS = 3  # statements quoted in the one-line summary
LIST_LENGTH = 10  # statements shown per list before "Show all"
LISTS = ("consensus", "divisive", "uncertain")  # the lists that can be shown in full


@dataclass(frozen=True)
class MapRegion:
    label: str
    size: int
    points: str  # SVG polygon points, in drawing units
    label_x: float
    label_y: float
    side: str  # where the group sits on the map, in words ("left", "top right"…)
    index: int  # its colour


@dataclass(frozen=True)
class MapLayout:
    regions: list[MapRegion]
    you: tuple[float, float] | None
    your_group: str | None
    width: int = WIDTH
    height: int = HEIGHT


@dataclass
class ResultsView:
    """What the results page shows; ``result`` is None until the first analysis.

    ``statements`` maps the id of each statement shown (and still visible) to its text;
    ``expanded`` names the list shown in full, if any; ``key`` identifies this analysis,
    language and set of statements for the kept renderings (None: render every time)."""

    result: Any | None
    computed_at: datetime | None
    statements: dict[int, str] = field(default_factory=dict)
    layout: MapLayout | None = None
    expanded: str | None = None
    key: tuple | None = None
    list_length: int = LIST_LENGTH

    def text(self, statement_id: int) -> str | None:
        return self.statements.get(statement_id)

    def total(self, name: str) -> int:
        return len(getattr(self.result, name)) if self.result is not None else 0

    def shown(self, name: str) -> tuple:
        """The items of list ``name`` on the page: all of them if it is expanded."""
        items = getattr(self.result, name) if self.result is not None else ()
        return items if name == self.expanded else items[:LIST_LENGTH]

    def fragment_key(self, part: str) -> tuple | None:
        return (*self.key, part) if self.key is not None else None


def latest(consultation: Consultation) -> tuple[Any | None, datetime | None]:
    """The stored analysis and when it was made; (None, None) before the first one."""
    found = recompute.latest(consultation)
    return (found.result, found.computed_at) if found else (None, None)


def for_page(
    consultation: Consultation,
    opinion_map: OpinionMap,
    user_id: int | None,
    expanded: str | None = None,
) -> ResultsView:
    result, computed_at = latest(consultation)
    if result is None:
        return ResultsView(None, None)
    expanded = expanded if expanded in LISTS else None
    view = ResultsView(result, computed_at, expanded=expanded)
    ids = {rep.statement_id for group in result.groups for rep in group.representative}
    for name in LISTS:
        ids.update(item.statement_id for item in view.shown(name))
    view.statements = queries.statement_texts(consultation.id, ids)
    me = participant_key(consultation.id, user_id) if user_id is not None else None
    view.layout = layout(result, me)
    view.key = (
        "opinion-results",
        consultation.id,
        consultation.slug,
        computed_at.isoformat(),
        str(get_locale()),
        expanded,
        tuple(sorted(view.statements)),  # a statement hidden since: another key
    )
    return view


def layout(result: Any, participant: str | None = None) -> MapLayout:
    """Groups as polygons in drawing units (y grows downwards in SVG, so it is flipped)."""
    min_x, min_y, max_x, max_y = result.extent
    span_x, span_y = (max_x - min_x) or 1.0, (max_y - min_y) or 1.0
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def place(x: float, y: float) -> tuple[float, float]:
        return (
            round(MARGIN + (x - min_x) / span_x * inner_w, 1),
            round(MARGIN + (max_y - y) / span_y * inner_h, 1),
        )

    regions = []
    for index, group in enumerate(result.groups):
        points = [place(x, y) for x, y in group.region] or [place(*group.centroid)]
        label_x, label_y = place(*group.centroid)
        regions.append(
            MapRegion(
                label=group.label,
                size=group.size,
                points=" ".join(f"{x},{y}" for x, y in _widened(points)),
                label_x=label_x,
                label_y=label_y,
                side=_side(label_x, label_y),
                index=index,
            )
        )
    position = result.position_of(participant) if participant else None
    you = place(position.x, position.y) if position else None
    return MapLayout(regions, you, position.group if position else None)


def _widened(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A group of one or two people has no area: draw a small diamond or a thin band
    around it so it can be seen (and focused)."""
    if len(points) >= 3:
        return points
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    r = 10
    return [
        (cx, round(cy - r, 1)),
        (round(cx + r, 1), cy),
        (cx, round(cy + r, 1)),
        (round(cx - r, 1), cy),
    ]


def _side(x: float, y: float) -> str:
    """Where a point is on the map, as the words the table uses (keys, translated there)."""
    third_w, third_h = WIDTH / 3, HEIGHT / 3
    column = "left" if x < third_w else "right" if x > 2 * third_w else "centre"
    row = "top" if y < third_h else "bottom" if y > 2 * third_h else "middle"
    if (row, column) == ("middle", "centre"):
        return "centre"
    if row == "middle":
        return column
    if column == "centre":
        return row
    return f"{row} {column}"


def summary_statements(view: ResultsView) -> list[str]:
    """The consensus statements quoted in the plain summary (the strongest first)."""
    if view.result is None:
        return []
    quoted = [view.text(item.statement_id) for item in view.result.consensus]
    return [text for text in quoted if text][:SUMMARY_CONSENSUS]


SIDES = {
    "left": _l("on the left"),
    "right": _l("on the right"),
    "top": _l("at the top"),
    "bottom": _l("at the bottom"),
    "centre": _l("in the centre"),
    "top left": _l("at the top left"),
    "top right": _l("at the top right"),
    "bottom left": _l("at the bottom left"),
    "bottom right": _l("at the bottom right"),
}


def map_side(key: str) -> str:
    """Where a group sits, in the reader's language (the table says what the map shows)."""
    return str(SIDES.get(key, key))
