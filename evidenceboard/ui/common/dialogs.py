"""Dialogs and message helpers of the window."""

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

_Dialog = TypeVar("_Dialog", bound=QDialog)


def open_dialog(dialog: _Dialog) -> _Dialog:
    """Show ``dialog`` window-modal without a nested event loop, deleted once closed.

    ``open()`` rather than ``exec()``: the window keeps painting, and tests read and
    close the dialog like any widget.
    """
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
