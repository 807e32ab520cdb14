"""Help > User guide (F1), Getting started (shown at the first start) and Linking cards.

The first-start panel is offered by :func:`offer_at_start`, which the application calls
once its window is up (not at install: a window made for a test or a second board must
not pop it up); its "show at start" choice is remembered in the settings.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from evidenceboard.ui.common import settings
from evidenceboard.ui.common.dialogs import open_dialog
from evidenceboard.ui.features.help.dialogs import (
    GettingStartedDialog,
    LinkingHelpDialog,
    UserGuideDialog,
)

if TYPE_CHECKING:
    from evidenceboard.ui.window.main_window import MainWindow


def show_user_guide(window: "MainWindow") -> UserGuideDialog:
    return open_dialog(UserGuideDialog(window))


def show_getting_started(window: "MainWindow") -> GettingStartedDialog:
    dialog = GettingStartedDialog(settings.show_getting_started(), window)
    dialog.show_at_start.toggled.connect(settings.set_show_getting_started)
    dialog.guide_requested.connect(lambda: show_user_guide(window))
    return open_dialog(dialog)


def show_linking_help(window: "MainWindow") -> LinkingHelpDialog:
    return open_dialog(LinkingHelpDialog(window))


def offer_at_start(window: "MainWindow") -> GettingStartedDialog | None:
    """Getting started, unless the user turned it off."""
    if not settings.show_getting_started():
        return None
    return show_getting_started(window)


def install(window: "MainWindow") -> None:
    """Add User guide, Getting started and Linking cards at the top of the Help menu."""
    guide = QAction("&User guide", window)
    guide.setObjectName("user-guide")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda _checked=False: show_user_guide(window))
    start = QAction("&Getting started", window)
    start.setObjectName("getting-started")
    start.triggered.connect(lambda _checked=False: show_getting_started(window))
    linking = QAction("&Linking cards", window)
    linking.setObjectName("linking-help")
    linking.triggered.connect(lambda _checked=False: show_linking_help(window))
    for action in (guide, start, linking):
        window.actions_by_name[action.objectName()] = action
    put_first(window.menus["help"], [guide, start, linking])


def put_first(menu: QMenu, actions: list[QAction]) -> None:
    """Put ``actions`` at the top of ``menu``, before what other features added."""
    existing = menu.actions()
    if existing:
        menu.insertActions(existing[0], actions)
    else:
        menu.addActions(actions)
