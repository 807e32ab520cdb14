"""Help > About, Help > Keyboard shortcuts, and handing a file to the running instance."""

import threading
import uuid
from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from evidenceboard import __version__
from evidenceboard.ui.dialogs.about_dialog import AboutDialog, ShortcutsDialog
from evidenceboard.ui.features import about_feature
from evidenceboard.ui.main_window import MainWindow
from evidenceboard.ui.single_instance import InstanceServer, hand_over, serve_window


def _finished(thread: threading.Thread) -> bool:
    return not thread.is_alive()


def _rows(table: QTableWidget) -> list[list[str]]:
    rows = []
    for r in range(table.rowCount()):
        items = [table.item(r, c) for c in range(table.columnCount())]
        rows.append([item.text() if item is not None else "" for item in items])
    return rows


def test_about_shows_the_version_and_lgpl_libraries(qtbot: QtBot, window: MainWindow) -> None:
    about_feature.install(window)
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
    assert rows["python-bidi"][2] == "LGPL-3.0"
    assert rows["SQLAlchemy"][1][0].isdigit()


def test_shortcuts_are_listed_from_the_window_actions(qtbot: QtBot, window: MainWindow) -> None:
    about_feature.install(window)
    dialog = about_feature.show_shortcuts(window)
    assert isinstance(dialog, ShortcutsDialog)
    rows = {command: keys.split(", ") for command, keys in _rows(dialog.table)}
    dialog.close()
    assert "Ctrl+F" in rows["Find"]
    assert rows["Duplicate"] == ["Ctrl+D"]
    assert rows["New claim"] == ["C"]


def test_a_second_launch_hands_its_paths_to_the_first(qtbot: QtBot, board_dir: Path) -> None:
    name = f"evidenceboard-test-{uuid.uuid4().hex[:12]}"
    server = InstanceServer()
    assert server.listen(name)
    try:
        received: list[str] = []
        server.path_received.connect(received.append)
        results: list[bool] = []
        for target in (board_dir / "first.evboard", board_dir / "second case.evboard"):

            def launch(path: Path = target) -> None:
                results.append(hand_over([str(path)], name))

            # The client blocks on its socket, so it runs on its own thread while this
            # one keeps serving; each hand-over is a separate launch.
            client = threading.Thread(target=launch)
            client.start()
            qtbot.waitUntil(partial(_finished, client), timeout=10000)
        assert results == [True, True]
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
