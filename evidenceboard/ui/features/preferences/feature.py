"""File > Preferences…, and applying what it sets to the running window."""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from evidenceboard.ui.common.actions import ActionSpec
from evidenceboard.ui.common.appearance import apply_appearance
from evidenceboard.ui.common.dialogs import open_dialog
from evidenceboard.ui.features.preferences.dialog import PreferencesDialog

if TYPE_CHECKING:
    from evidenceboard.ui.window.host import WindowHost


def show_preferences(window: "WindowHost") -> PreferencesDialog:
    dialog = PreferencesDialog(window.widget())
    dialog.accepted.connect(lambda: apply_to(window))
    return open_dialog(dialog)


def apply_to(window: "WindowHost") -> None:
    """Restyle the application and the window as the preferences now say."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        window.set_theme(apply_appearance(app))


def install(window: "WindowHost") -> None:
    """Add File > Preferences… before Close board."""
    action = window.add_action(
        ActionSpec(
            "preferences",
            "Pre&ferences…",
            lambda: show_preferences(window),
            menu_role=QAction.MenuRole.PreferencesRole,
        )
    )
    file_menu = window.menus["file"]
    before = window.actions_by_name["close"]
    file_menu.insertAction(before, action)
    file_menu.insertSeparator(before)
