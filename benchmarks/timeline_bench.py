"""Timeline and minimap figures: frames while scrolling and zooming, minimap redraws.

Timeline: 10,000 dated cards (claims dated to the day, articles to the month,
documents to the day, a tenth dated only to the year, over ten years) in a real
``Timeline`` panel of 1600x420 px, lanes by kind. A frame is
``view.viewport().grab()``, a full repaint of the viewport, after a 23 px scroll of
time or one zoom step (x1.25 in, then out), at three zooms: everything in view,
x8 and x64. Target: p90 at most 16.7 ms (60 frames a second).

Minimap: on a board of 100,000 cards, one redraw of the map (after the board's
drawing changed) and one repaint from its pixmap (what a scroll or zoom of the canvas
costs it), p90 of 30 each.

Usage: ``.venv/bin/python benchmarks/timeline_bench.py``; ``benchmarks/run.py`` calls
:func:`run`.
"""

import gc
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import p90
from PySide6.QtWidgets import QApplication

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.board.scene.minimap import Minimap
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.features.timeline.panel import Timeline
from evidenceboard.ui.window.application import make_application

Row = dict[str, Any]
FRAME_TARGET_MS = 16.7
FRAMES = 30
SCROLL = 23
TIMELINE_CARDS = 10_000
MINIMAP_CARDS = 100_000
_AT = datetime(2026, 1, 1, tzinfo=UTC)


def _row(name: str, size: str, value: float, target: float | None) -> Row:
    return {"name": name, "size": size, "value": value, "unit": "ms", "target": target}


def dated_cards(count: int, seed: int = 20241208) -> list[Card]:
    rng = random.Random(seed)
    first = date(2015, 1, 1).toordinal()
    cards = []
    for index in range(count):
        day = date.fromordinal(first + rng.randrange(3650))
        x, y = (index % 100) * 300.0, (index // 100) * 200.0
        roll = rng.random()
        fields: dict[str, Any]
        if roll < 0.1:
            kind, name = CardKind.CLAIM, "claim"
            fields = {"date_claimed": str(day.year), "attributed_to": f"source {index % 40}"}
        elif roll < 0.5:
            kind, name = CardKind.CLAIM, "claim"
            fields = {"date_claimed": day.isoformat(), "attributed_to": f"source {index % 40}"}
        elif roll < 0.8:
            kind, name = CardKind.ARTICLE, "article"
            fields = {"published": day.isoformat()[:7], "outlet": f"outlet {index % 25}"}
        else:
            kind, name = CardKind.DOCUMENT, "document"
            fields = {"date": day.isoformat(), "origin": f"origin {index % 10}"}
        card = make_card(kind, f"{name} {index}", "bench", x=x, y=y, at=_AT, **fields)
        cards.append(card)
    return cards


def _board(cards: list[Card]) -> Board:
    board = Board()
    board.apply(AddCards(tuple(cards)), checked=True)
    return board


def _grab_ms(timeline: Timeline) -> float:
    start = time.perf_counter()
    timeline.view.viewport().grab()
    return (time.perf_counter() - start) * 1000


def timeline_figures() -> list[Row]:
    board = _board(dated_cards(TIMELINE_CARDS))
    scene = BoardScene(board, LIGHT)
    timeline = Timeline(board, scene, LIGHT, lambda _card_id: None)
    timeline.resize(1600, 420)
    timeline.show()
    QApplication.processEvents()
    # As the window does once a board is open: the collector skips the board's objects.
    gc.freeze()
    view = timeline.view
    rows: list[Row] = []
    scrolls: list[float] = []
    zooms: list[float] = []
    for level in (1.0, 8.0, 64.0):
        view.fit_all()
        view.zoom_by(level)
        bar = view.horizontalScrollBar()
        bar.setValue(bar.minimum() + (bar.maximum() - bar.minimum()) // 3)
        view.viewport().grab()  # the first frame at a zoom makes its shapes
        for _ in range(FRAMES):
            bar.setValue(bar.value() + SCROLL)
            scrolls.append(_grab_ms(timeline))
        for step in range(FRAMES):
            view.zoom_by(1.25 if step < FRAMES // 2 else 0.8)
            zooms.append(_grab_ms(timeline))
    for name, times in (("scrolling", scrolls), ("zooming", zooms)):
        rows.append(_row(f"timeline: frame p90, {name} time", "10k", p90(times), FRAME_TARGET_MS))
        rows.append(
            _row(f"timeline: frame median, {name} time", "10k", statistics.median(times), None)
        )
    start = time.perf_counter()
    timeline.refresh()
    rows.append(
        _row(
            "timeline: chronology after an edit (unchanged)",
            "10k",
            (time.perf_counter() - start) * 1000,
            None,
        )
    )
    start = time.perf_counter()
    timeline.lanes_choice.setCurrentIndex(1)
    rows.append(
        _row(
            "timeline: rebuild all lanes (by source)",
            "10k",
            (time.perf_counter() - start) * 1000,
            None,
        )
    )
    timeline.detach()
    scene.detach()
    timeline.close()
    gc.unfreeze()
    return rows


def minimap_figures() -> list[Row]:
    cards = [
        make_card(CardKind.NOTE, "", "bench", x=(i % 316) * 300.0, y=(i // 316) * 200.0, at=_AT)
        for i in range(MINIMAP_CARDS)
    ]
    board = _board(cards)
    scene = BoardScene(board, LIGHT)
    view = BoardView(scene, None)  # type: ignore[arg-type]
    view.resize(1600, 900)
    view.show()
    minimap = Minimap(view, LIGHT)
    QApplication.processEvents()
    gc.freeze()
    redraws: list[float] = []
    repaints: list[float] = []
    for _ in range(FRAMES):
        minimap.set_theme(LIGHT)  # forgets the pixmap, as a change of the drawing does
        start = time.perf_counter()
        minimap.grab()
        redraws.append((time.perf_counter() - start) * 1000)
    for _ in range(FRAMES):
        bar = view.horizontalScrollBar()
        bar.setValue(bar.value() + SCROLL)
        start = time.perf_counter()
        minimap.grab()
        repaints.append((time.perf_counter() - start) * 1000)
    minimap.detach()
    scene.detach()
    view.close()
    gc.unfreeze()
    return [
        _row("minimap: redraw after the board changed, p90", "100k", p90(redraws), None),
        _row("minimap: repaint while the canvas scrolls, p90", "100k", p90(repaints), 2.0),
    ]


def run() -> list[Row]:
    make_application([])
    return timeline_figures() + minimap_figures()


def main() -> int:
    for row in run():
        target = "-" if row["target"] is None else format(row["target"], "g")
        print(f"{row['name']:<55} {row['size']:<5} {row['value']:>8.2f} ms  target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
