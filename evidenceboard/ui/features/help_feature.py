"""Help > User guide (F1) and Help > Getting started, shown at the first start.

The first-start panel is offered by :func:`offer_at_start`, which the application calls
once its window is up (not at install: a window made for a test or a second board must
not pop it up); its "show at start" choice is remembered in the settings.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from evidenceboard.ui import settings
from evidenceboard.ui.dialogs.help_dialogs import GettingStartedDialog, UserGuideDialog

if TYPE_CHECKING:
    from evidenceboard.ui.main_window import MainWindow


def _show(dialog: QDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def show_user_guide(window: "MainWindow") -> UserGuideDialog:
    dialog = UserGuideDialog(window)
    _show(dialog)
    return dialog


def show_getting_started(window: "MainWindow") -> GettingStartedDialog:
    dialog = GettingStartedDialog(settings.show_getting_started(), window)
    dialog.show_at_start.toggled.connect(settings.set_show_getting_started)
    dialog.guide_requested.connect(lambda: show_user_guide(window))
    _show(dialog)
    return dialog


def offer_at_start(window: "MainWindow") -> GettingStartedDialog | None:
    """Getting started, unless the user turned it off."""
    if not settings.show_getting_started():
        return None
    return show_getting_started(window)


def install(window: "MainWindow") -> None:
    """Add User guide and Getting started at the top of the Help menu."""
    guide = QAction("&User guide", window)
    guide.setObjectName("user-guide")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda _checked=False: show_user_guide(window))
    start = QAction("&Getting started", window)
    start.setObjectName("getting-started")
    start.triggered.connect(lambda _checked=False: show_getting_started(window))
    for action in (guide, start):
        window.actions_by_name[action.objectName()] = action
    help_menu = window.menus["help"]
    existing = help_menu.actions()
    if existing:
        help_menu.insertActions(existing[0], [guide, start])
    else:
        help_menu.addActions([guide, start])
