"""Help > User guide (F1), Getting started (shown at the first start) and Linking cards.

The first-start panel is offered by :func:`offer_at_start`, which the application calls
once its window is up (not at install: a window made for a test or a second board must
not pop it up); its "show at start" choice is remembered in the settings.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec
from evidenceboard.ui.common.dialogs import open_dialog
from evidenceboard.ui.features.help.dialogs import (
    GettingStartedDialog,
    LinkingHelpDialog,
    UserGuideDialog,
)

if TYPE_CHECKING:
    from evidenceboard.ui.window.host import WindowHost


def show_user_guide(window: "WindowHost") -> UserGuideDialog:
    return open_dialog(UserGuideDialog(window.widget()))


def show_getting_started(window: "WindowHost") -> GettingStartedDialog:
    dialog = GettingStartedDialog(settings.show_getting_started(), window.widget())
    dialog.show_at_start.toggled.connect(settings.set_show_getting_started)
    dialog.guide_requested.connect(lambda: show_user_guide(window))
    return open_dialog(dialog)


def show_linking_help(window: "WindowHost") -> LinkingHelpDialog:
    return open_dialog(LinkingHelpDialog(window.widget()))


def offer_at_start(window: "WindowHost") -> GettingStartedDialog | None:
    """Getting started, unless the user turned it off."""
    if not settings.show_getting_started():
        return None
    return show_getting_started(window)


def install(window: "WindowHost") -> None:
    """Add User guide, Getting started and Linking cards at the top of the Help menu."""
    specs = (
        ActionSpec(
            "user-guide",
            "&User guide",
            lambda: show_user_guide(window),
            QKeySequence.StandardKey.HelpContents,
        ),
        ActionSpec("getting-started", "&Getting started", lambda: show_getting_started(window)),
        ActionSpec("linking-help", "&Linking cards", lambda: show_linking_help(window)),
    )
    put_first(window.menus["help"], [window.add_action(spec) for spec in specs])


def put_first(menu: QMenu, actions: list[QAction]) -> None:
    """Put ``actions`` at the top of ``menu``, before what other features added."""
    existing = menu.actions()
    if existing:
        menu.insertActions(existing[0], actions)
    else:
        menu.addActions(actions)
