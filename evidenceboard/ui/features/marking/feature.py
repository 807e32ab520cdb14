"""Board > Handling markings…: set how the board's markings are compared.

The dialog's result is one ``EditBoard`` change, submitted through the board's
controller so that Undo takes it back. The action needs a board open for writing.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from evidenceboard.model.changes import EditBoard
from evidenceboard.ui.features.marking.dialog import MarkingDialog

if TYPE_CHECKING:
    from evidenceboard.ui.window.main_window import MainWindow
    from evidenceboard.ui.window.session import BoardSession


class MarkingFeature(QObject):
    """The Board menu's entry and what it does; lives as long as its window."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("Handling &markings…", window)
        self.action.setObjectName("marking-scheme")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.menus["board"].addAction(self.action)
        window.actions_by_name["marking-scheme"] = self.action
        window.session_changed.connect(self._session_changed)
        self._session_changed(window.session)

    def _session_changed(self, session: "BoardSession | None") -> None:
        self.action.setEnabled(session is not None and not session.controller.read_only)

    def open_dialog(self) -> MarkingDialog | None:
        session = self.window.session
        if session is None or session.controller.read_only:
            return None
        dialog = MarkingDialog(session.document.board, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(session, dialog))
        dialog.open()
        return dialog

    def _apply(self, session: "BoardSession", dialog: MarkingDialog) -> None:
        if self.window.session is not session:
            return
        before = session.document.board.info
        if dialog.after != before:
            session.controller.submit(EditBoard(before, dialog.after), "Change handling markings")


def install(window: "MainWindow") -> None:
    """Add Board > Handling markings… to a new window."""
    MarkingFeature(window)
