"""The minimap: the whole board in the canvas's corner, its rectangle the visible area."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidenceboard.model.changes import EditCards, MoveCards
from evidenceboard.model.factory import edited_card
from evidenceboard.ui.board.scene.minimap import Minimap
from evidenceboard.ui.common import settings
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import new_window, view_of


def _minimap(window: MainWindow) -> Minimap:
    found = view_of(window).findChildren(Minimap)
    assert len(found) == 1
    return found[0]


def _visible_centre(window: MainWindow) -> QPointF:
    view = view_of(window)
    return view.mapToScene(view.viewport().rect().center())


@pytest.mark.xcb
def test_the_minimap_sits_in_the_canvas_corner(window: MainWindow) -> None:
    minimap = _minimap(window)
    QApplication.processEvents()
    assert minimap.isVisible()
    area = view_of(window).viewport().geometry()
    assert area.contains(minimap.geometry())
    assert area.bottomRight().x() - minimap.geometry().right() < 30
    assert area.bottomRight().y() - minimap.geometry().bottom() < 30


@pytest.mark.xcb
def test_dragging_the_rectangle_moves_the_view(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window)
    view.set_zoom(1.0)
    minimap = _minimap(window)
    minimap.repaint()
    before = _visible_centre(window)
    start = minimap.visible_rect().center().toPoint()
    QTest.mousePress(minimap, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(minimap, start + QPoint(20, 10))
    QTest.mouseRelease(minimap, Qt.MouseButton.LeftButton, pos=start + QPoint(20, 10))
    after = _visible_centre(window)
    assert after.x() > before.x() + 50
    assert after.y() > before.y() + 20
    # The rectangle followed the view.
    assert minimap.visible_rect().center().x() == pytest.approx(start.x() + 20, abs=3)


@pytest.mark.xcb
def test_a_press_beside_the_rectangle_centres_the_view_there(
    window: MainWindow, qtbot: QtBot
) -> None:
    view_of(window).set_zoom(1.5)
    minimap = _minimap(window)
    minimap.repaint()
    shown = minimap.visible_rect()
    target = QPoint(round(shown.right()) + 15, round(shown.center().y()))
    if not minimap.rect().contains(target):
        target = QPoint(round(shown.left()) - 15, round(shown.center().y()))
    QTest.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=target)
    assert minimap.visible_rect().center().x() == pytest.approx(target.x(), abs=3)


def test_the_rectangle_follows_the_zoom(window: MainWindow) -> None:
    view = view_of(window)
    minimap = _minimap(window)
    minimap.repaint()
    view.set_zoom(1.0)
    wide = minimap.visible_rect()
    view.set_zoom(2.0)
    close = minimap.visible_rect()
    assert close.width() == pytest.approx(wide.width() / 2, rel=0.02)
    assert close.height() == pytest.approx(wide.height() / 2, rel=0.02)


def test_the_map_is_drawn_again_only_when_the_drawing_changes(
    window: MainWindow, qtbot: QtBot
) -> None:
    session = window.session
    assert session is not None
    minimap = _minimap(window)
    minimap.repaint()
    drawn = minimap.redraws
    view = view_of(window)
    view.zoom_by(1.3)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 40)
    minimap.repaint()
    assert minimap.redraws == drawn
    board = session.document.board
    card = next(iter(board.cards.values()))
    renamed = edited_card(card, "tester", title="Renamed")
    assert session.controller.submit(EditCards(((card, renamed),)))
    qtbot.wait(400)
    minimap.repaint()
    assert minimap.redraws == drawn
    g = renamed.geometry
    assert session.controller.submit(MoveCards(((card.id, g, g.moved_to(g.x + 500, g.y)),)))
    qtbot.wait(400)
    minimap.repaint()
    assert minimap.redraws == drawn + 1


def test_view_minimap_toggles_it_and_is_remembered(window: MainWindow, qtbot: QtBot) -> None:
    action = window.findChild(QAction, "show-minimap")
    assert action is not None and action.isChecked()
    action.trigger()
    assert not _minimap(window).isVisible()
    assert settings.minimap_shown() is False
    again = new_window(qtbot)
    again_action = again.findChild(QAction, "show-minimap")
    assert again_action is not None and not again_action.isChecked()
    again.close()
