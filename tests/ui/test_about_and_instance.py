"""Help > About, Help > Keyboard shortcuts, and handing a file to the running instance."""

import subprocess
import sys
import uuid
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from evidenceboard import __version__
from evidenceboard.ui.features.about import feature as about_feature
from evidenceboard.ui.features.about.dialog import AboutDialog, ShortcutsDialog
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.single_instance import InstanceServer, hand_over, serve_window


def _rows(table: QTableWidget) -> list[list[str]]:
    rows = []
    for r in range(table.rowCount()):
        items = [table.item(r, c) for c in range(table.columnCount())]
        rows.append([item.text() if item is not None else "" for item in items])
    return rows


@pytest.mark.xcb
def test_about_shows_the_version_and_lgpl_libraries(qtbot: QtBot, window: MainWindow) -> None:
    about = window.findChild(QAction, "about")
    assert about is not None
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    title = dialog.findChild(QLabel, "about-title")
    assert title is not None
    rows = {row[0]: row for row in _rows(dialog.libraries)}
    dialog.close()
    assert title.text() == f"EvidenceBoard {__version__}"
    assert rows["PySide6 / Qt"][2] == "LGPL-3.0"
    assert rows["pyHanko"][2] == "MIT"
    assert rows["SQLAlchemy"][1][0].isdigit()


@pytest.mark.xcb
def test_shortcuts_are_listed_from_the_window_actions(qtbot: QtBot, window: MainWindow) -> None:
    dialog = about_feature.show_shortcuts(window)
    assert isinstance(dialog, ShortcutsDialog)
    rows = {command: keys.split(", ") for command, keys in _rows(dialog.table)}
    dialog.close()
    assert "Ctrl+F" in rows["Find"]
    assert rows["Duplicate"] == ["Ctrl+D"]
    assert rows["New claim"] == ["C"]


def _exited(process: "subprocess.Popen[bytes]") -> bool:
    return process.poll() is not None


_LAUNCH = """
import sys
from PySide6.QtCore import QCoreApplication
from evidenceboard.ui.window.single_instance import hand_over
app = QCoreApplication([])
sys.exit(0 if hand_over([sys.argv[1]], sys.argv[2]) else 1)
"""


def test_a_second_launch_hands_its_paths_to_the_first(qtbot: QtBot, board_dir: Path) -> None:
    name = f"evidenceboard-test-{uuid.uuid4().hex[:12]}"
    server = InstanceServer()
    assert server.listen(name)
    try:
        received: list[str] = []
        server.path_received.connect(received.append)
        results: list[int] = []
        for target in (board_dir / "first.evboard", board_dir / "second case.evboard"):
            # Each hand-over is a separate launch: a real second process, as a
            # double-click starts one, while this process keeps serving.
            launch = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(target), name])
            qtbot.waitUntil(partial(_exited, launch), timeout=15000)
            results.append(launch.returncode)
        assert results == [0, 0]
        assert received == [
            str(board_dir / "first.evboard"),
            str(board_dir / "second case.evboard"),
        ]
    finally:
        server.close()


def test_nobody_listening_means_the_launch_opens_the_file_itself(board_dir: Path) -> None:
    assert not hand_over([str(board_dir / "a.evboard")], f"evidenceboard-none-{uuid.uuid4().hex}")


def test_a_handed_over_board_opens_once(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    name = f"evidenceboard-test-{uuid.uuid4().hex[:12]}"
    server = InstanceServer()
    assert server.listen(name)
    serve_window(server, window)
    assert window.session is not None
    session = window.session
    try:
        server.path_received.emit(str(demo_path))
        # The board already open here is not opened a second time.
        assert window.session is session
    finally:
        server.close()
