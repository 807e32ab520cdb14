"""Board > Handling markings…: set how the board's markings are compared.

The dialog's result is one ``EditBoard`` change, submitted through the board's
controller so that Undo takes it back. The action needs a board open for writing.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from evidenceboard.model.changes import EditBoard
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.features.marking.dialog import MarkingDialog
from evidenceboard.ui.window.host import WindowFeature, WindowHost

if TYPE_CHECKING:
    from evidenceboard.ui.window.session import BoardSession


class MarkingFeature(WindowFeature):
    """The Board menu's entry and what it does; lives as long as its window."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "marking-feature")
        self.action = window.add_action(
            ActionSpec(
                "marking-scheme",
                "Handling &markings…",
                self.open_dialog,
                needs=Needs.EDITABLE_BOARD,
            )
        )
        window.menus["board"].addAction(self.action)

    def open_dialog(self) -> MarkingDialog | None:
        session = self.window.session
        if session is None or session.controller.read_only:
            return None
        dialog = MarkingDialog(session.document.board, self.window.widget())
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


def install(window: "WindowHost") -> None:
    """Add Board > Handling markings… to a new window."""
    MarkingFeature(window)
