"""The board (or a selection of it) as a vector diagram, with its legend.

Cards are drawn where the investigator put them, scaled to fit the page: rounded boxes
in per-kind colours with their kind, grade and title; links are arrows styled by kind
(corroborates green solid, contradicts red dashed, derived_from grey dotted pointing to
the origin, related plain grey without a head), their width growing with strength.
Titles are drawn with ``String`` (no markup at all), cleaned of control characters and
put in display order when they hold Arabic or Hebrew.
"""

import math
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from evidenceboard.export.brief.canvas_text import fit_width, line_runs
from evidenceboard.export.brief.fonts import BODY_FONT, BOLD_FONT
from evidenceboard.export.brief.markup import clean
from evidenceboard.export.brief.styles import INK, KIND_FILL, KIND_STROKE, LINK_STYLES, MUTED
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.links import Link, LinkKind
from evidenceboard.model.routing import Rect as RouteRect
from evidenceboard.model.routing import route

#: Above this many cards the diagram would be illegible on a page and is left out.
MAX_DIAGRAM_CARDS = 300
#: No text in the diagram is smaller than this; a board that would need smaller text is
#: drawn as the neighbourhoods of its claims instead.
MIN_TEXT_POINTS = 7.0
_MAX_TITLE_POINTS = 9.0

_Mapper = Callable[[float, float], tuple[float, float]]


def wrap_title(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, the last one ellipsised if cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    cut = False
    for word in words:
        candidate = f"{current} {word}".strip()
        if not current or stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            cut = True
            break
    if not cut and current:
        lines.append(current)
    # A word too wide for the box is cut with an ellipsis on its own line; the last line
    # shows that more of the title was left out.
    fitted = [fit_width(line, font, size, width) for line in lines[:-1]]
    if lines:
        fitted.append(fit_width(lines[-1], font, size, width, cut=cut))
    return fitted


class _Box(NamedTuple):
    x: float
    y: float
    width: float
    height: float


def _grown(card: Card, factor: float) -> _Box:
    """The card's box grown by ``factor`` about its centre."""
    g = card.geometry
    w, h = g.width * factor, g.height * factor
    return _Box(g.x - (w - g.width) / 2, g.y - (h - g.height) / 2, w, h)


def _inflation(cards: list[Card], scale: float) -> float:
    """How much the boxes can grow (for legible titles) without any two overlapping.

    A whole board shrunk to a page leaves its titles tiny; growing every box about its
    centre keeps the layout the investigator made while giving the text more room.
    """
    if len(cards) > 120 or scale >= 0.6:
        return 1.0
    for factor in (1.6, 1.45, 1.3, 1.15):
        boxes = [_grown(c, factor) for c in cards]
        # Keep about 16 points between boxes on the page, so links stay visible.
        gap = 16 / scale
        clear = all(
            a.x + a.width + gap <= b.x
            or b.x + b.width + gap <= a.x
            or a.y + a.height + gap <= b.y
            or b.y + b.height + gap <= a.y
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
        )
        if clear:
            return factor
    return 1.0


def _border_point(g: _Box, towards: tuple[float, float], gap: float) -> tuple[float, float]:
    """Where the line from the box's centre towards a point leaves the box."""
    cx, cy = g.x + g.width / 2, g.y + g.height / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    limits = [1.0]
    if dx:
        limits.append((g.width / 2 + gap) / abs(dx))
    if dy:
        limits.append((g.height / 2 + gap) / abs(dy))
    t = min(limits)
    return cx + dx * t, cy + dy * t


def _arrow_head(
    start: tuple[float, float], end: tuple[float, float], colour: colors.Color, size: float
) -> Polygon:
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    spread = math.radians(24)
    left = (end[0] - size * math.cos(angle - spread), end[1] - size * math.sin(angle - spread))
    right = (end[0] - size * math.cos(angle + spread), end[1] - size * math.sin(angle + spread))
    return Polygon(
        [end[0], end[1], left[0], left[1], right[0], right[1]],
        fillColor=colour,
        strokeColor=colour,
        strokeWidth=0.3,
    )


def _title_points(box: _Box, scale: float) -> float:
    return float(min(_MAX_TITLE_POINTS, box.height * scale / 8, box.width * scale / 13))


class BoardDiagram:
    """Draws cards and the links among them into a reportlab ``Drawing``.

    ``labels`` are the numbers the text gives cards ("S3", "C2"), drawn on each card;
    ``boxes`` replaces the cards' places on the board (a claim's neighbourhood is laid
    out afresh, in board units).
    """

    def __init__(
        self,
        board: Board,
        card_ids: Iterable[str],
        labels: Mapping[str, str] | None = None,
        boxes: Mapping[str, _Box] | None = None,
    ) -> None:
        self.board = board
        self.cards = [board.cards[i] for i in dict.fromkeys(card_ids) if i in board.cards]
        self.links = board.links_between(c.id for c in self.cards)
        self.labels = labels or {}
        self._boxes = boxes
        self._inflate = 1.0
        self._obstacles: dict[str, RouteRect] = {}

    @property
    def too_large(self) -> bool:
        return len(self.cards) > MAX_DIAGRAM_CARDS

    def _box(self, card: Card) -> _Box:
        if self._boxes is not None:
            return self._boxes[card.id]
        return _grown(card, self._inflate)

    def legible(self, width: float, max_height: float) -> bool:
        """Whether every card's title can be drawn at :data:`MIN_TEXT_POINTS` or more."""
        if not self.cards:
            return True
        scale = self._fit(width, max_height)[0]
        return min(_title_points(self._box(c), scale) for c in self.cards) >= MIN_TEXT_POINTS

    def _fit(self, width: float, max_height: float) -> tuple[float, float, float, float, float]:
        """Scale, left, top and spans of the diagram (choosing how much boxes grow)."""
        pad = 12.0
        self._inflate = 1.0
        for _attempt in range(2):
            boxes = [self._box(c) for c in self.cards]
            left = min(b.x for b in boxes)
            top = min(b.y for b in boxes)
            span_x = max(max(b.x + b.width for b in boxes) - left, 1.0)
            span_y = max(max(b.y + b.height for b in boxes) - top, 1.0)
            scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y, 1.0)
            if self._inflate == 1.0 and self._boxes is None:
                self._inflate = _inflation(self.cards, scale)
            else:
                break
        return scale, left, top, span_x, span_y

    def drawing(self, width: float, max_height: float) -> Drawing:
        """The diagram scaled to ``width`` points wide and at most ``max_height`` high."""
        if not self.cards:
            return Drawing(width, 10)
        pad = 12.0
        scale, left, top, span_x, span_y = self._fit(width, max_height)
        height = span_y * scale + 2 * pad
        offset_x = (width - span_x * scale) / 2

        def to_page(x: float, y: float) -> tuple[float, float]:
            return offset_x + (x - left) * scale, height - pad - (y - top) * scale

        drawing = Drawing(width, height)
        self._obstacles = {}
        for card in self.cards:
            g = self._box(card)
            x, y_top = to_page(g.x, g.y)
            self._obstacles[card.id] = RouteRect(
                x, y_top - g.height * scale, x + g.width * scale, y_top
            )
        for link in self.links:
            self._draw_link(drawing, link, scale, to_page)
        for card in self.cards:
            self._draw_card(drawing, card, scale, to_page)
        return drawing

    def _draw_card(self, drawing: Drawing, card: Card, scale: float, to_page: _Mapper) -> None:
        g = self._box(card)
        x, y_top = to_page(g.x, g.y)
        w, h = g.width * scale, g.height * scale
        fill = colors.HexColor(card.colour) if card.colour else KIND_FILL[card.kind]
        radius = min(6.0, w / 8, h / 8)
        drawing.add(
            Rect(
                x,
                y_top - h,
                w,
                h,
                rx=radius,
                ry=radius,
                fillColor=fill,
                strokeColor=KIND_STROKE[card.kind],
                strokeWidth=0.8,
            )
        )
        size = max(MIN_TEXT_POINTS, min(_MAX_TITLE_POINTS, h / 8, w / 13))
        inset = max(3.0, size * 0.6)
        kind_size = MIN_TEXT_POINTS
        kind_baseline = y_top - inset - kind_size
        label = self.labels.get(card.id)
        head = f"{label} · {card.kind.value.upper()}" if label else card.kind.value.upper()
        drawing.add(
            String(
                x + inset,
                kind_baseline,
                head,
                fontName=BOLD_FONT,
                fontSize=kind_size,
                fillColor=KIND_STROKE[card.kind],
            )
        )
        if card.grading is not None:
            drawing.add(
                String(
                    x + w - inset,
                    kind_baseline,
                    card.grading.code,
                    fontName=BOLD_FONT,
                    fontSize=kind_size,
                    fillColor=MUTED,
                    textAnchor="end",
                )
            )
        leading = size * 1.18
        baseline = kind_baseline - size * 0.3 - size
        room = baseline - (y_top - h + inset) + leading
        max_lines = max(1, int(room // leading))
        title = clean(card.display_title).replace("\n", " ")
        for line in wrap_title(title, BODY_FONT, size, w - 2 * inset, max_lines):
            # One string per font run: CJK, Devanagari or emoji take a fallback font.
            start = x + inset
            for name, run in line_runs(line, BODY_FONT):
                drawing.add(
                    String(start, baseline, run, fontName=name, fontSize=size, fillColor=INK)
                )
                start += stringWidth(run, name, size)
            baseline -= leading

    def _draw_link(self, drawing: Drawing, link: Link, scale: float, to_page: _Mapper) -> None:
        source = self.board.cards[link.source]
        target = self.board.cards[link.target]
        sg, tg = self._box(source), self._box(target)
        s_centre = (sg.x + sg.width / 2, sg.y + sg.height / 2)
        t_centre = (tg.x + tg.width / 2, tg.y + tg.height / 2)
        gap = 2.5 / scale
        start = to_page(*_border_point(sg, t_centre, gap))
        end = to_page(*_border_point(tg, s_centre, gap))
        others = [r for i, r in self._obstacles.items() if i not in (link.source, link.target)]
        path = route(start, end, others)
        if len(path) > 2:
            # Leave the cards towards the first bend and enter them from the last one.
            bend_in = _unmap(path[1], scale, to_page)
            bend_out = _unmap(path[-2], scale, to_page)
            path[0] = to_page(*_border_point(sg, bend_in, gap))
            path[-1] = to_page(*_border_point(tg, bend_out, gap))
        style = LINK_STYLES[link.kind]
        width = max(0.45, 1.1 * link.strength.weight * min(1.0, scale * 2.5))
        points = [c for point in path for c in point]
        line = PolyLine(points, strokeColor=style.colour, strokeWidth=width)
        if style.dash is not None:
            line.strokeDashArray = list(style.dash)
        drawing.add(line)
        if link.kind is not LinkKind.RELATED:
            drawing.add(_arrow_head(path[-2], path[-1], style.colour, 3.5 + 1.5 * width))


def _unmap(point: tuple[float, float], scale: float, to_page: _Mapper) -> tuple[float, float]:
    """Board coordinates of a page point (``to_page`` is a scale and a flip)."""
    ox, oy = to_page(0.0, 0.0)
    return (point[0] - ox) / scale, (oy - point[1]) / scale


def legend(width: float) -> Drawing:
    """Swatches for the card kinds and samples of the link styles."""
    drawing = Drawing(width, 46)
    x = 0.0
    # A frame is a region, not a card the diagram draws.
    for kind in (k for k in CardKind if k is not CardKind.FRAME):
        drawing.add(
            Rect(
                x,
                34,
                16,
                10,
                rx=2.5,
                ry=2.5,
                fillColor=KIND_FILL[kind],
                strokeColor=KIND_STROKE[kind],
                strokeWidth=0.7,
            )
        )
        drawing.add(
            String(x + 21, 36, kind.value, fontName=BODY_FONT, fontSize=7.5, fillColor=MUTED)
        )
        x += 21 + stringWidth(kind.value, BODY_FONT, 7.5) + 16
    x = 0.0
    for link_kind in LinkKind:
        style = LINK_STYLES[link_kind]
        line = Line(x, 20, x + 30, 20, strokeColor=style.colour, strokeWidth=1.4)
        if style.dash is not None:
            line.strokeDashArray = list(style.dash)
        drawing.add(line)
        if link_kind is not LinkKind.RELATED:
            drawing.add(_arrow_head((x, 20), (x + 32, 20), style.colour, 5))
        drawing.add(
            String(x + 37, 17.5, style.label, fontName=BODY_FONT, fontSize=7.5, fillColor=MUTED)
        )
        x += 37 + stringWidth(style.label, BODY_FONT, 7.5) + 16
    note = "Arrows point from the evidence to what it bears on; thicker lines are stronger links."
    drawing.add(String(0, 2, note, fontName=BODY_FONT, fontSize=7, fillColor=MUTED))
    return drawing
