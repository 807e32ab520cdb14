"""What the window says about a board: its zoom and its counts, in plain English."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QTableWidget

from evidenceboard.model.cards import CardKind
from evidenceboard.storage.document import create_board
from evidenceboard.storage.snapshots import SnapshotInfo
from evidenceboard.ui.features.about import feature as about_feature
from evidenceboard.ui.features.recovery.dialog import RecoveryDialog
from evidenceboard.ui.features.sharing.share_dialog import ShareDialog
from evidenceboard.ui.window.main_window import MainWindow


def test_a_new_board_shows_its_own_zoom_and_singular_counts(
    window: MainWindow, board_dir: Path
) -> None:
    # The demo board is fitted below 100 %; the empty board opened next is at 100 %.
    assert window.zoom_label.text() != "100 %"
    path = board_dir / "new.evboard"
    create_board(path).close()
    assert window.open_path(path)
    assert window.session is not None
    assert window.session.view.scale_factor() == 1.0
    assert window.zoom_label.text() == "100 %"
    assert window.count_label.text() == "0 cards · 0 links"
    assert window.session.editor.new_card(CardKind.CLAIM, QPointF(0, 0)) is not None
    assert window.count_label.text() == "1 card · 0 links"


def test_dialogs_count_one_card_as_one_card(window: MainWindow, board_dir: Path) -> None:
    path = board_dir / "one.evboard"
    create_board(path).close()
    assert window.open_path(path)
    assert window.session is not None
    window.session.editor.new_card(CardKind.NOTE, QPointF(0, 0))
    share = ShareDialog(window.session.document.board, path, "someone", window)
    assert share.summary.text() == "The copy will hold the board's one card and its links."
    snapshot = SnapshotInfo(path, datetime.now(UTC), 1, 1)
    recovery = RecoveryDialog(path, "it is damaged", snapshot, window)
    assert recovery.restore_button is not None
    assert recovery.restore_button.text().endswith(", 1 card)")


def _rows(table: QTableWidget) -> list[str]:
    return [item.text() for r in range(table.rowCount()) if (item := table.item(r, 0))]


def test_shortcuts_dialog_names_each_command_once_and_shows_everything(
    window: MainWindow,
) -> None:
    assert window.session is not None
    # An undo step and a redo step exist, so both actions carry a step in their text.
    window.session.editor.new_card(CardKind.NOTE, QPointF(0, 0))
    window.session.editor.new_card(CardKind.NOTE, QPointF(300, 0))
    window.session.controller.undo()
    assert window.actions_by_name["undo"].text().startswith("&Undo ")
    dialog = about_feature.show_shortcuts(window)
    commands = _rows(dialog.table)
    assert len(commands) == len(set(commands))
    assert "Undo" in commands and "Redo" in commands
    assert not [c for c in commands if c.startswith(("Undo ", "Redo "))]
    gestures = " | ".join(_rows(dialog.gestures))
    for what in ("Move cards", "Link two cards", "Pan", "Zoom", "Cancel"):
        assert what in gestures
    # Nothing is clipped: the dialog is as wide as both columns of each table.
    for table in (dialog.table, dialog.gestures):
        used = sum(table.horizontalHeader().sectionSize(c) for c in range(table.columnCount()))
        assert table.viewport().width() >= used - 1, table.objectName()
        assert table.horizontalScrollBar().maximum() == 0
    dialog.close()


@pytest.mark.xcb
def test_shortcuts_list_only_keys_an_ordinary_keyboard_has(window: MainWindow) -> None:
    dialog = about_feature.show_shortcuts(window)
    keys = [
        key.strip()
        for r in range(dialog.table.rowCount())
        if (item := dialog.table.item(r, 1))
        for key in item.text().split(",")
    ]
    assert "Ctrl+C" in keys and "Ctrl+W" in keys
    special = {"Copy", "Cut", "Paste", "Close", "Open", "New", "Undo", "Redo", "Find", "F16"}
    assert not special & set(keys), sorted(special & set(keys))
    dialog.close()
