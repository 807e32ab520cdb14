"""A large board on the canvas: it opens, fit-all shows the overview, links stay usable.

Behaviour only; speed is measured in benchmarks/canvas_bench.py.
"""

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.storage import create_board
from evidenceboard.ui.main_window import MainWindow
from evidenceboard.ui.theme import LIGHT
from tests.ui.conftest import view_of, view_point

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
# The benchmarks' seeded generator, so tests and figures use the same kind of board.
generate = importlib.import_module("board_generator").generate

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def big_window(qtbot: QtBot, board_dir: Path) -> Iterator[MainWindow]:
    path = board_dir / "big.evboard"
    document = create_board(path, author="tester")
    document.apply(generate(2_000, 4_000).change())
    document.close()
    win = MainWindow(LIGHT)
    win.resize(1400, 900)
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(path)
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_big_board_opens_with_every_card_and_link(big_window: MainWindow) -> None:
    session = big_window.session
    assert session is not None
    board = session.document.board
    assert len(board.cards) == 2_000
    assert len(list(session.scene.card_items())) == 2_000
    assert all(session.scene.link_item(i) is not None for i in board.links)
    image = view_of(big_window).viewport().grab().toImage()
    assert image.width() > 0 and not image.isNull()


def test_fit_all_shows_the_overview_and_zooming_in_brings_cards_back(
    big_window: MainWindow,
) -> None:
    session = big_window.session
    assert session is not None
    scene, view = session.scene, view_of(big_window)
    view.fit_board()
    some = next(iter(scene.card_items()))
    overview = next(i for i in scene.items() if type(i).__name__ == "OverviewItem")
    assert overview.isVisible() and not some.isVisible()
    view.set_zoom(1.0)
    view.centre_on_card(some.card_id)
    assert some.isVisible() and not overview.isVisible()
    # What a click finds follows what is drawn: the card under the pointer.
    assert scene.card_at(some.scene_rect().center()) is not None


def _link_with_room(big_window: MainWindow) -> tuple[str, QPointF]:
    """A link and a point on it, away from both cards."""
    session = big_window.session
    assert session is not None
    for link_id, item in ((i, session.scene.link_item(i)) for i in session.document.board.links):
        assert item is not None
        line = item.line()
        if 120 < line.length() < 400:
            return link_id, line.pointAt(0.5)
    raise AssertionError("no link of a clickable length")


def test_a_link_is_selected_by_clicking_on_it(big_window: MainWindow) -> None:
    session = big_window.session
    assert session is not None
    view = view_of(big_window)
    view.set_zoom(1.0)
    link_id, point = _link_with_room(big_window)
    view.centerOn(point)
    session.scene.clearSelection()
    QTest.mouseClick(view.viewport(), LEFT, NONE, view_point(view, point))
    assert session.scene.selected_link_ids() == [link_id]
    assert session.scene.selected_card_ids() == []


def test_links_follow_a_dragged_card(big_window: MainWindow) -> None:
    session = big_window.session
    assert session is not None
    scene, board, view = session.scene, session.document.board, view_of(big_window)
    card_id = max(board.cards, key=lambda i: len(board.links_of(i)))
    links = board.links_of(card_id)
    item = scene.card_item(card_id)
    assert item is not None and links
    view.set_zoom(1.0)
    view.centre_on_card(card_id)
    before = {x.id: scene.link_item(x.id).line() for x in links}  # type: ignore[union-attr]
    start = view_point(view, item.scene_rect().center() + QPointF(0, 20))
    vp = view.viewport()
    QTest.mousePress(vp, LEFT, NONE, start)
    for step in range(1, 6):
        QTest.mouseMove(vp, start + (start.__class__(200, 120) * step) / 5)
    # While the button is down the links already end at the card's new place.
    rect = item.scene_rect().adjusted(-1, -1, 1, 1)
    for link in links:
        line = scene.link_item(link.id).line()  # type: ignore[union-attr]
        end = line.p1() if link.source == card_id else line.p2()
        assert rect.contains(end)
        assert line != before[link.id]
    QTest.mouseRelease(vp, LEFT, NONE, start + start.__class__(200, 120))
    moved = board.card(card_id).geometry
    assert moved.x == pytest.approx(scene.card_item(card_id).x())  # type: ignore[union-attr]
