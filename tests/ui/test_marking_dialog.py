"""Board > Handling markings…: the scheme is a board setting, set in one undoable step."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from evidenceboard.model.markings import CUSTOM_LEVELS_SETTING, SCHEME_SETTING
from evidenceboard.ui.features.marking.dialog import MarkingDialog
from evidenceboard.ui.window.main_window import MainWindow


def _dialog() -> MarkingDialog:
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, MarkingDialog)]
    assert len(dialogs) == 1
    return dialogs[0]


def _ok_button(dialog: MarkingDialog) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_a_custom_scheme_is_saved_and_undone(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    window.actions_by_name["marking-scheme"].trigger()
    dialog = _dialog()
    assert dialog.scheme.currentData() == ""
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("custom"))
    assert dialog.levels.isEnabled()
    dialog.levels.setPlainText("public\ninternal\nboard only")
    dialog.board_marking.clear()
    QTest.keyClicks(dialog.board_marking, "internal")
    assert "Levels, lowest first: PUBLIC, INTERNAL, BOARD ONLY" in dialog.status.text()
    ok = _ok_button(dialog)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    info = window.session.document.board.info
    assert info.setting(SCHEME_SETTING) == "custom"
    assert info.setting(CUSTOM_LEVELS_SETTING) == "PUBLIC\nINTERNAL\nBOARD ONLY"
    assert info.handling == "internal"
    window.actions_by_name["undo"].trigger()
    info = window.session.document.board.info
    assert info.setting(SCHEME_SETTING) is None and info.handling == "UNCLASSIFIED // DEMO"


def test_markings_the_scheme_cannot_read_are_named(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_by_name["marking-scheme"].trigger()
    dialog = _dialog()
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("uk"))
    assert "“UNCLASSIFIED // DEMO”" in dialog.status.text()
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("custom"))
    dialog.levels.setPlainText("")
    ok = _ok_button(dialog)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "at least one level" in dialog.status.text()
    dialog.reject()
