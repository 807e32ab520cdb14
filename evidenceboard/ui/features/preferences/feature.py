"""File > Preferences…, and applying what it sets to the running window."""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from evidenceboard.ui.common.appearance import apply_appearance
from evidenceboard.ui.common.dialogs import open_dialog
from evidenceboard.ui.features.preferences.dialog import PreferencesDialog

if TYPE_CHECKING:
    from evidenceboard.ui.window.main_window import MainWindow


def show_preferences(window: "MainWindow") -> PreferencesDialog:
    dialog = PreferencesDialog(window)
    dialog.accepted.connect(lambda: apply_to(window))
    return open_dialog(dialog)


def apply_to(window: "MainWindow") -> None:
    """Restyle the application and the window as the preferences now say."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        window.set_theme(apply_appearance(app))


def install(window: "MainWindow") -> None:
    """Add File > Preferences… before Close board."""
    action = QAction("Pre&ferences…", window)
    action.setObjectName("preferences")
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda _checked=False: show_preferences(window))
    window.actions_by_name["preferences"] = action
    file_menu = window.menus["file"]
    before = window.actions_by_name["close"]
    file_menu.insertAction(before, action)
    file_menu.insertSeparator(before)
