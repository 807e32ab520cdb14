"""Help > Linking cards explains the kinds, the two ways to link and the modifier keys."""

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidenceboard.model.links import LinkKind
from evidenceboard.ui.features.help.dialogs import LinkingHelpDialog
from evidenceboard.ui.window.main_window import MainWindow


def test_help_menu_explains_linking(window: MainWindow, qtbot: QtBot) -> None:
    action = window.actions_by_name.get("linking-help") or next(
        a for a in window.menus["help"].actions() if a.objectName() == "linking-help"
    )
    action.trigger()
    dialog = window.findChild(LinkingHelpDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.text()
    assert dialog.text.textFormat() == Qt.TextFormat.PlainText
    for kind in LinkKind:
        assert kind.label in text
    for words in (
        "handle",
        "press L",
        "Esc",
        "Shift: contradicts",
        "Alt: derived from",
        "Ctrl: related",
    ):
        assert words in text
    dialog.close()
