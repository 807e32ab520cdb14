"""Fixtures for window tests: a window on a fresh demo board, and no leaked windows."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QStandardPaths
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.ui.app import make_application
from evidenceboard.ui.main_window import MainWindow
from evidenceboard.ui.scene.board_view import BoardView
from evidenceboard.ui.theme import LIGHT


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    QStandardPaths.setTestModeEnabled(True)
    make_application([])
    yield
    # The clipboard owns the data a test copied; Qt must drop it while the application
    # is alive, not during interpreter shutdown, where it crashes.
    QApplication.clipboard().clear()
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"the test left windows open: {leaked}"


@pytest.fixture
def demo_path(board_dir: Path) -> Path:
    path = board_dir / "demo.evboard"
    create_demo_board(path).close()
    return path


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(LIGHT)
    win.resize(1400, 900)
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(demo_path)
    qtbot.waitExposed(win)
    # Window shortcuts take keys only in the active window; on a real X server without
    # a window manager a shown window is not made active by itself.
    with qtbot.waitActive(win):
        win.activateWindow()
    yield win
    win.close()


def view_of(window: MainWindow) -> BoardView:
    assert window.session is not None
    return window.session.view


def view_point(view: BoardView, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)
