"""The overview: its cells hold what touches them, and a sketch draws what the board does."""

import importlib
import math
import sys
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView
from pytestqt.qtbot import QtBot

from evidenceboard.model.board import Board
from evidenceboard.model.cards import MAX_COORDINATE, CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import create_board
from evidenceboard.storage.document import begin_open
from evidenceboard.ui.board.scene.overview_grid import Shapes, build_grid
from evidenceboard.ui.board.scene.overview_item import OverviewItem
from evidenceboard.ui.common.theme import LIGHT

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
# The benchmarks' seeded generator, so tests and figures use the same kind of board.
generate = importlib.import_module("board_generator").generate
TILE = 100.0


def _touched(left: float, top: float, right: float, bottom: float) -> set[tuple[int, int]]:
    return {
        (c, r)
        for c in range(math.floor(left / TILE), math.floor(right / TILE) + 1)
        for r in range(math.floor(top / TILE), math.floor(bottom / TILE) + 1)
    }


def test_every_box_and_line_is_in_each_cell_it_touches_and_nowhere_else() -> None:
    rng = np.random.default_rng(7)
    count = 300
    rects = np.column_stack([rng.uniform(-900, 900, (count, 2)), rng.uniform(60, 260, (count, 2))])
    kinds = rng.integers(0, 4, count).astype(np.int8)
    sources, targets = rng.integers(0, count, 500), rng.integers(0, count, 500)
    shapes = Shapes._with_links(rects, kinds, sources, targets, kinds[sources])
    grid = build_grid(shapes, TILE, span_cells=30)
    rect_cells: dict[int, set[tuple[int, int]]] = {}
    line_cells: dict[int, set[tuple[int, int]]] = {}
    for cell, content in grid.cells.items():
        for kind, items in content.rects:
            for i in items.tolist():
                assert shapes.rect_kinds[i] == kind
                rect_cells.setdefault(i, set()).add(cell)
        for kind, items in content.lines:
            for i in items.tolist():
                assert shapes.line_kinds[i] == kind
                line_cells.setdefault(i, set()).add(cell)
    for i, (x, y, w, h) in enumerate(rects.tolist()):
        assert rect_cells[i] == _touched(x, y, x + w, y + h)
    everywhere = {i for _kind, items in grid.everywhere for i in items.tolist()}
    assert everywhere, "some lines of this board span more than 30 cells"
    for i, (ax, ay, bx, by) in enumerate(shapes.lines.tolist()):
        touched = _touched(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        if len(touched) > 30:
            assert i in everywhere and i not in line_cells
        else:
            assert line_cells[i] == touched and i not in everywhere


def _shown_in_a_view(qtbot: QtBot, item: OverviewItem) -> tuple[QGraphicsScene, QGraphicsView]:
    """The item, made visible, in a scene of its own shown in a 900 x 600 view."""
    scene = QGraphicsScene()
    item.setVisible(True)
    scene.addItem(item)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return scene, view


def _grab(qtbot: QtBot, item: OverviewItem, fit: bool) -> QImage:
    scene, view = _shown_in_a_view(qtbot, item)
    bounds = item.boundingRect()
    scene.setSceneRect(bounds.adjusted(-500, -500, 500, 500))
    if fit:
        view.fitInView(bounds, Qt.AspectRatioMode.KeepAspectRatio)
    else:
        # Close enough that the item draws cell by cell.
        view.scale(0.25, 0.25)
        view.centerOn(bounds.center())
    image = view.viewport().grab().toImage()
    view.hide()
    return image


def test_a_sketch_draws_the_same_board_as_the_model(qtbot: QtBot, board_dir: Path) -> None:
    path = board_dir / "drawn.evboard"
    document = create_board(path, author="tester")
    document.apply(generate(1_200, 2_400).change())
    document.close()
    opening = begin_open(path, read_only=True)
    sketch = opening.sketch()
    document = opening.finish()
    with document:
        for fit in (True, False):
            from_sketch, from_board = OverviewItem(LIGHT), OverviewItem(LIGHT)
            from_sketch.rebuild_from_sketch(sketch)
            from_board.rebuild(document.board)
            assert from_sketch.boundingRect() == from_board.boundingRect() != QRectF()
            drawn = _grab(qtbot, from_sketch, fit)
            assert drawn == _grab(qtbot, from_board, fit)
            # Something was drawn: more than the background's colour.
            assert len({drawn.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 600, 7)}) > 3


def test_a_board_over_the_largest_extent_is_drawn_without_a_cell_for_every_place(
    qtbot: QtBot,
) -> None:
    far = MAX_COORDINATE - 200
    board = Board()
    corners = [
        make_card(CardKind.NOTE, f"corner {i}", "tester", x=x, y=y)
        for i, (x, y) in enumerate(((-far, -far), (far, far), (-far, far), (far, -far)))
    ]
    board.apply(AddCards(tuple(corners)))
    board.apply(AddLinks((make_link(corners[0].id, corners[1].id, LinkKind.RELATED, "tester"),)))
    item = OverviewItem(LIGHT)
    item.rebuild(board)
    # Before, the long line made a cell for each of the 44 million places it may cross.
    assert len(item._grid.cells) <= 4
    scene, view = _shown_in_a_view(qtbot, item)
    scene.setSceneRect(item.boundingRect())
    for scale in (1e-4, 2e-3, 0.05):
        # Far out, at a zoom with more cells in view than are drawn one by one, and close
        # in on the middle of the diagonal, where no cell holds anything but that line.
        view.resetTransform()
        view.scale(scale, scale)
        view.centerOn(0.0, 0.0)
        image = view.viewport().grab().toImage()
        centre = view.mapFromScene(0.0, 0.0)
        background = image.pixelColor(5, image.height() - 5)
        near = [
            image.pixelColor(centre.x() + dx, centre.y() + dy)
            for dx in range(-2, 3)
            for dy in range(-2, 3)
        ]
        assert any(colour != background for colour in near), scale
    view.hide()
