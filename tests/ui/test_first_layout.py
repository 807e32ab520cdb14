"""The first open of a board: the canvas is the main thing, at a zoom where text reads."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import CardKind
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window.main_window import MainWindow


def _fresh_window(qtbot: QtBot, width: int, height: int) -> MainWindow:
    # A first start: no layout remembered from an earlier window.
    QSettings().remove("window")
    window = MainWindow(LIGHT)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def _demo_in_a_fresh_window(
    qtbot: QtBot, demo_path: Path, width: int, height: int
) -> tuple[MainWindow, BoardView]:
    """A first window of ``width`` x ``height`` with the demo board open; it and its view."""
    window = _fresh_window(qtbot, width, height)
    assert window.open_path(demo_path)
    QApplication.processEvents()
    assert window.session is not None
    return window, window.session.view


@pytest.mark.xcb
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1440, 900)])
def test_a_first_window_gives_the_canvas_most_of_the_room(
    qtbot: QtBot, demo_path: Path, width: int, height: int
) -> None:
    window, view = _demo_in_a_fresh_window(qtbot, demo_path, width, height)
    assert window.session is not None
    viewport = view.viewport()
    assert viewport.width() >= 0.6 * window.width()
    assert viewport.height() >= 0.6 * window.height()
    # Every dock is still there, one tab away in the column beside the canvas.
    right = window.dockWidgetArea(window.inspector_dock)
    for dock in window.findChildren(QDockWidget):
        assert window.dockWidgetArea(dock) == right
    window.close()


@pytest.mark.xcb
def test_the_demo_opens_readable_and_centred_on_its_claims(qtbot: QtBot, demo_path: Path) -> None:
    window, view = _demo_in_a_fresh_window(qtbot, demo_path, 1280, 720)
    assert view.transform().m11() >= 0.7
    claims = [c.id for c in view.board_scene.board.cards.values() if c.kind is CardKind.CLAIM]
    centre = view.mapFromScene(view.board_scene.cards_rect(claims).center())
    middle = view.viewport().rect().center()
    assert abs(centre.x() - middle.x()) <= 0.1 * view.viewport().width()
    assert abs(centre.y() - middle.y()) <= 0.1 * view.viewport().height()
    window.close()


@pytest.mark.xcb
def test_on_a_large_screen_the_demo_opens_whole_and_readable(qtbot: QtBot, demo_path: Path) -> None:
    window, view = _demo_in_a_fresh_window(qtbot, demo_path, 1920, 1080)
    assert view.transform().m11() >= 0.7
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.board_scene.cards_rect()), "a card is cut off"
    window.close()


@pytest.mark.xcb
@pytest.mark.parametrize("width", [1280, 1920])
def test_the_link_legend_is_never_cut_off(qtbot: QtBot, demo_path: Path, width: int) -> None:
    window = _fresh_window(qtbot, width, 720)
    assert window.open_path(demo_path)
    QApplication.processEvents()
    legend = window.legend
    assert legend.isVisible()
    assert legend.width() >= legend.minimumSizeHint().width()
    toolbar = legend.parentWidget()
    assert toolbar is not None
    assert toolbar.rect().contains(legend.geometry()), "the legend runs past the toolbar"
    window.close()


def test_a_saved_layout_is_restored_not_compacted(qtbot: QtBot) -> None:
    window = _fresh_window(qtbot, 1440, 900)
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    window.addDockWidget(left, window.outline_dock)
    window.close()
    assert settings.window_state()[1] is not None
    again = MainWindow(LIGHT)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.dockWidgetArea(again.outline_dock) == left
    assert again.dockWidgetArea(again.inspector_dock) != left
    again.close()
