"""Help > About EvidenceBoard and Help > Keyboard shortcuts.

The dialogs open with ``open()`` (window-modal but without a nested event loop), so
the window keeps painting and tests can read and close them like any widget. The
shortcut list is collected when the dialog opens, from every action of the window,
so it includes what other features added after this one was installed.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from evidenceboard.ui.common.actions import ActionSpec
from evidenceboard.ui.common.dialogs import open_dialog
from evidenceboard.ui.features.about.dialog import AboutDialog, ShortcutsDialog

if TYPE_CHECKING:
    from evidenceboard.ui.window.host import WindowHost


def show_about(window: "WindowHost") -> AboutDialog:
    return open_dialog(AboutDialog(window.widget()))


def show_shortcuts(window: "WindowHost") -> ShortcutsDialog:
    return open_dialog(ShortcutsDialog(window.widget().findChildren(QAction), window.widget()))


def install(window: "WindowHost") -> None:
    """Add the About and Keyboard shortcuts entries to the Help menu."""
    help_menu = window.menus["help"]
    shortcuts = window.add_action(
        ActionSpec("keyboard-shortcuts", "&Keyboard shortcuts", lambda: show_shortcuts(window))
    )
    about = window.add_action(
        ActionSpec(
            "about",
            "&About EvidenceBoard",
            lambda: show_about(window),
            menu_role=QAction.MenuRole.AboutRole,
        )
    )
    help_menu.addAction(shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(about)
