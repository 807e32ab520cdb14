"""What a feature may use of the window it is installed in.

Features (``ui/features/<name>/``) are typed against :class:`WindowHost`, not the main
window class, so what they can reach is this short list: the open board's session and
its signal, the theme, the message bar, the menus, the action registry, opening a file,
and :meth:`WindowHost.widget` as the Qt parent of their docks, dialogs and status-bar
widgets. The main window implements it; nothing else of the window is a feature's.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from evidenceboard.ui.common.actions import ActionSpec
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.window.message_bar import MessageBar

if TYPE_CHECKING:
    from evidenceboard.ui.window.session import BoardSession


class WindowHost(Protocol):
    #: The open board (None: none is open).
    session: "BoardSession | None"
    theme: Theme
    message_bar: MessageBar
    #: The menus by name ("file", "export", "edit", "insert", "view", "board", "help").
    menus: dict[str, QMenu]
    #: Every action of the window by id, a feature's included.
    actions_by_name: dict[str, QAction]
    #: The dock a feature's navigation dock is tabbed with.
    outline_dock: QDockWidget

    @property
    def session_changed(self) -> SignalInstance:
        """Emitted with the new session, or None, when the open board changes."""
        ...

    @property
    def theme_changed(self) -> SignalInstance:
        """Emitted with the new Theme when the window switches theme."""
        ...

    def widget(self) -> QMainWindow:
        """The window as a Qt widget: the parent of a feature's docks and dialogs."""
        ...

    def add_action(self, spec: ActionSpec) -> QAction:
        """Add an action; the window enables it whenever what it needs is there."""
        ...

    def refresh_actions(self) -> None:
        """Compute every action's enabling again (after a feature's own state changed)."""
        ...

    def open_path(self, path: Path) -> bool:
        """Open the board at ``path`` in this window; False when it was not opened."""
        ...

    def set_theme(self, theme: Theme) -> None: ...


class WindowFeature(QObject):
    """A feature's object in the window: the window's child, named, holding its host.

    Named so that tests and the window's own code can find it (``findChild``); a child
    of the window, so it lives exactly as long as the window does.
    """

    def __init__(self, window: WindowHost, name: str) -> None:
        super().__init__(window.widget())
        self.setObjectName(name)
        self.window = window
