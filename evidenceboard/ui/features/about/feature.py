"""Help > About EvidenceBoard and Help > Keyboard shortcuts.

The dialogs open with ``open()`` (window-modal but without a nested event loop), so
the window keeps painting and tests can read and close them like any widget. The
shortcut list is collected when the dialog opens, from every action of the window,
so it includes what other features added after this one was installed.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from evidenceboard.ui.common.dialogs import open_dialog
from evidenceboard.ui.features.about.dialog import AboutDialog, ShortcutsDialog

if TYPE_CHECKING:
    from evidenceboard.ui.window.main_window import MainWindow


def show_about(window: "MainWindow") -> AboutDialog:
    return open_dialog(AboutDialog(window))


def show_shortcuts(window: "MainWindow") -> ShortcutsDialog:
    return open_dialog(ShortcutsDialog(window.findChildren(QAction), window))


def install(window: "MainWindow") -> None:
    """Add the About and Keyboard shortcuts entries to the Help menu."""
    help_menu = window.menus["help"]
    shortcuts = QAction("&Keyboard shortcuts", window)
    shortcuts.setObjectName("keyboard-shortcuts")
    shortcuts.triggered.connect(lambda _checked=False: show_shortcuts(window))
    about = QAction("&About EvidenceBoard", window)
    about.setObjectName("about")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda _checked=False: show_about(window))
    help_menu.addAction(shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(about)
