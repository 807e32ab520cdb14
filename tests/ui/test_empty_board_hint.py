"""An empty board says what to do in the middle of the canvas, and nothing more after."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidenceboard.model.board import BoardInfo
from evidenceboard.storage.document import create_board
from evidenceboard.ui.window.main_window import MainWindow


@pytest.mark.xcb
def test_an_empty_board_shows_a_hint_until_it_has_a_card(
    window: MainWindow, board_dir: Path, qtbot: QtBot
) -> None:
    path = board_dir / "empty.evboard"
    create_board(path, BoardInfo(title="Empty", authors=("ana",)), author="ana").close()
    assert window.open_path(path)
    QApplication.processEvents()
    assert window.session is not None
    view = window.session.view
    hint = view.empty_hint
    assert hint.isVisible()
    assert hint.textFormat() == Qt.TextFormat.PlainText
    assert "This board is empty" in hint.text() and "drop" in hint.text()
    # In the middle of the canvas, whole.
    assert view.viewport().rect().contains(hint.geometry())
    assert abs(hint.geometry().center().x() - view.viewport().rect().center().x()) <= 2
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_N)
    if view.title_editor is not None:
        QTest.keyClick(view.title_editor, Qt.Key.Key_Escape)
    assert len(window.session.document.board.cards) == 1
    assert not hint.isVisible()
    window.actions_by_name["undo"].trigger()
    assert not window.session.document.board.cards
    assert hint.isVisible()


def test_the_demo_board_shows_no_hint(window: MainWindow) -> None:
    assert window.session is not None
    assert not window.session.view.empty_hint.isVisible()
